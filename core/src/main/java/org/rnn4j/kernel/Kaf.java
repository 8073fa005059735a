package org.rnn4j.kernel;

import java.util.Arrays;

/**
 * A kernel activation function (KAF; Scardapane et al., the authors' library
 * {@code ispamm/kernel-activation-functions}): a per-unit mixture of kernels on a fixed dictionary.
 * <pre>
 *   f(s; α) = Σ_{i<D} α_i κ(s, d_i)          d_i = −B + iΔ,  Δ = 2B/(D − 1)   (fixed, shared)
 *   GAUSSIAN  κ(s, d) = exp(−γ(s − d)²)      ∂κ/∂s = −2γ(s − d)·κ     (γ default 1/(8Δ²))
 *   RELU      κ(s, d) = max(0, s − d)        ∂κ/∂s = [s > d]
 *   SOFTPLUS  κ(s, d) = log(1 + exp(s − d))  ∂κ/∂s = σ(s − d)
 *   ∂f/∂s = Σ_i α_i ∂κ(s, d_i)/∂s            ∂f/∂α_i = κ(s, d_i)
 * </pre>
 * Sums run in double. Kernel ridge regression ({@link #ridge}) gives the α with which f reproduces
 * a target function on the dictionary: {@code α = (K + εI)⁻¹ t(d)}, {@code K_ij = κ(d_i, d_j)}
 * (solved by Gaussian elimination with partial pivoting; K is not symmetric for SOFTPLUS). With
 * RELU, K is strictly lower triangular (κ(d_i, d_i) = 0): singular, so ridge is refused.
 * Immutable and thread-safe; no allocation in {@link #value}, {@link #slope}, {@link #kernel},
 * {@link #addKernels}.
 * <p><b>The Gaussian walk.</b> {@link #value}, {@link #slope} and {@link #addKernels} get the D
 * Gaussian kernels from three {@code exp}s instead of D: from the dictionary point i* nearest s,
 * <pre>
 *   κ_{i*} = exp(−γu²),  u = s − d_{i*}
 *   upwards   κ_{i+1} = κ_i·q,   q = exp(γΔ(2u_i − Δ)),   then q ← q·c
 *   downwards κ_{i−1} = κ_i·p,   p = exp(−γΔ(2u_i + Δ)),  then p ← p·c       c = exp(−2γΔ²)
 * </pre>
 * (the exponent of κ_{i±1}/κ_i changes by −2γΔ² per step). The kernels decrease away from i*, so
 * they can only underflow to 0, as the direct {@code exp} would; the sums agree with the direct
 * ones to 1e-12 of Σ|terms| in double ({@code KafTest}; a relative bound on the sum itself cannot
 * hold where it cancels). The terms are summed from i* outwards.
 */
public final class Kaf {

    /** The kernel κ. */
    public enum Kernel { GAUSSIAN, RELU, SOFTPLUS }

    private final int size;
    private final double boundary, gamma;
    private final Kernel kernel;
    private final double[] dict;
    /** Δ and c = exp(−2γΔ²), the Gaussian walk's constants. */
    private final double delta, ratioStep;

    /**
     * A KAF with {@code size} dictionary points evenly on [−boundary, boundary] and kernel
     * {@code kernel}; {@code gamma} is the Gaussian's γ (ignored by RELU and SOFTPLUS).
     */
    public Kaf(int size, double boundary, double gamma, Kernel kernel) {
        if (size < 2) throw new IllegalArgumentException("KAF dictionary size D must be >= 2, got " + size);
        if (!(boundary > 0) || Double.isInfinite(boundary)) {
            throw new IllegalArgumentException("KAF boundary B must be a finite number > 0, got " + boundary);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("KAF gamma must be a finite number > 0, got " + gamma);
        }
        if (kernel == null) throw new IllegalArgumentException("KAF kernel must be GAUSSIAN, RELU or SOFTPLUS, got null");
        this.size = size;
        this.boundary = boundary;
        this.gamma = gamma;
        this.kernel = kernel;
        this.dict = new double[size];
        this.delta = step(size, boundary);
        for (int i = 0; i < size; i++) dict[i] = -boundary + i * delta;
        dict[size - 1] = boundary;
        this.ratioStep = Math.exp(-2 * gamma * delta * delta);
    }

    /** The dictionary step {@code Δ = 2B/(D − 1)}. */
    public static double step(int size, double boundary) {
        return 2 * boundary / (size - 1);
    }

    /** The authors' rule of thumb {@code γ = 1/(8Δ²)} (bandwidth σ_k = 2Δ, γ = 0.5/σ_k²). */
    public static double defaultGamma(int size, double boundary) {
        double delta = step(size, boundary);
        return 1 / (8 * delta * delta);
    }

    /** D, the dictionary size. */
    public int size() { return size; }
    /** B: the dictionary spans [−B, B]. */
    public double boundary() { return boundary; }
    /** The Gaussian's γ (unused by the other kernels). */
    public double gamma() { return gamma; }
    /** The kernel κ. */
    public Kernel kernelType() { return kernel; }

    /** Dictionary point {@code d_i}. */
    public double point(int i) {
        return dict[i];
    }

    /** {@code κ(s, d_i)}. */
    public double kernel(double s, int i) {
        double x = s - dict[i];
        return switch (kernel) {
            case GAUSSIAN -> Math.exp(-gamma * x * x);
            case RELU -> x > 0 ? x : 0;
            case SOFTPLUS -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        };
    }

    /** {@code ∂κ(s, d_i)/∂s}. */
    public double kernelSlope(double s, int i) {
        double x = s - dict[i];
        return switch (kernel) {
            case GAUSSIAN -> -2 * gamma * x * Math.exp(-gamma * x * x);
            case RELU -> x > 0 ? 1 : 0;
            case SOFTPLUS -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        };
    }

    /** {@code f(s; α)} with α = {@code alpha[off, off + D)}. */
    public double value(double s, float[] alpha, int off) {
        if (kernel == Kernel.GAUSSIAN) return walk(s, VALUE, alpha, off, 0, null, 0);
        double f = 0;
        for (int i = 0; i < size; i++) f += alpha[off + i] * kernel(s, i);
        return f;
    }

    /** {@code ∂f(s; α)/∂s} with α = {@code alpha[off, off + D)}. */
    public double slope(double s, float[] alpha, int off) {
        if (kernel == Kernel.GAUSSIAN) return walk(s, SLOPE, alpha, off, 0, null, 0);
        double g = 0;
        for (int i = 0; i < size; i++) g += alpha[off + i] * kernelSlope(s, i);
        return g;
    }

    /** {@code dw[off + i] += (float) (g·κ(s, d_i))} for every i: g times ∂f/∂α. */
    public void addKernels(double s, double g, float[] dw, int off) {
        if (kernel == Kernel.GAUSSIAN) {
            walk(s, ADD, null, 0, g, dw, off);
            return;
        }
        for (int i = 0; i < size; i++) dw[off + i] += (float) (g * kernel(s, i));
    }

    private static final int VALUE = 0, SLOPE = 1, ADD = 2;

    /**
     * The Gaussian walk (class comment) over every dictionary point, from the nearest one
     * outwards: returns Σ α_i κ_i ({@code VALUE}) or Σ α_i ∂κ_i/∂s ({@code SLOPE}), or adds g·κ_i to
     * {@code dw} ({@code ADD}, returns 0).
     */
    private double walk(double s, int mode, float[] alpha, int aOff, double g, float[] dw, int dOff) {
        int c = (int) Math.rint((s + boundary) / delta);
        c = c < 0 ? 0 : Math.min(c, size - 1);
        double u = s - (-boundary + c * delta), k0 = Math.exp(-gamma * u * u), sum = 0;
        double k = k0, q = Math.exp(gamma * delta * (2 * u - delta)), x = u;
        for (int i = c; i < size; i++) {                       // d_c, then upwards
            sum += term(mode, i, x, k, alpha, aOff, g, dw, dOff);
            k *= q;
            q *= ratioStep;
            x -= delta;
        }
        k = k0;
        x = u;
        double p = Math.exp(-gamma * delta * (2 * u + delta));
        for (int i = c - 1; i >= 0; i--) {                     // downwards
            k *= p;
            p *= ratioStep;
            x += delta;
            sum += term(mode, i, x, k, alpha, aOff, g, dw, dOff);
        }
        return sum;
    }

    /** One point's term of {@link #walk}: x = s − d_i, k = κ_i. */
    private double term(int mode, int i, double x, double k, float[] alpha, int aOff, double g, float[] dw, int dOff) {
        switch (mode) {
            case VALUE:
                return alpha[aOff + i] * k;
            case SLOPE:
                return alpha[aOff + i] * (-2 * gamma * x * k);
            default:
                dw[dOff + i] += (float) (g * k);
                return 0;
        }
    }

    /** The target functions of {@link #ridge}. */
    public enum Target {
        /** {@code t(s) = s}. */
        IDENTITY,
        /** {@code t(s) = 0}. */
        ZERO;

        public double apply(double s) {
            return this == IDENTITY ? s : 0;
        }
    }

    /**
     * Kernel ridge regression towards {@code target}: {@code α = (K + εI)⁻¹ t(d)},
     * {@code K_ij = κ(d_i, d_j)}, so that {@code f(d_i; α) ≈ t(d_i)}. Refused for RELU (K singular).
     */
    public double[] ridge(Target target, double epsilon) {
        if (kernel == Kernel.RELU) {
            throw new IllegalArgumentException("KAF ridge initialisation needs the GAUSSIAN or SOFTPLUS kernel: with RELU"
                    + " the kernel matrix is singular (use the NORMAL init)");
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("KAF ridge epsilon must be a finite number >= 0, got " + epsilon);
        }
        if (target == null) throw new IllegalArgumentException("KAF ridge target must be IDENTITY or ZERO, got null");
        int n = size;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) a[i][j] = kernel(dict[i], j) + (i == j ? epsilon : 0);
            a[i][n] = target.apply(dict[i]);
        }
        return solve(a);
    }

    /** Solves the augmented system {@code a = [A | y]} in place (partial pivoting). */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            if (!(Math.abs(a[p][c]) > 1e-300)) throw new IllegalArgumentException("KAF ridge system is singular");
            double[] tmp = a[c];
            a[c] = a[p];
            a[p] = tmp;
            for (int r = c + 1; r < n; r++) {
                double m = a[r][c] / a[c][c];
                if (m == 0) continue;
                for (int k = c; k <= n; k++) a[r][k] -= m * a[c][k];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double v = a[r][n];
            for (int k = r + 1; k < n; k++) v -= a[r][k] * x[k];
            x[r] = v / a[r][r];
        }
        return x;
    }

    @Override
    public String toString() {
        return "Kaf[D=" + size + ", B=" + boundary + ", gamma=" + gamma + ", " + kernel + ", d=" + Arrays.toString(dict) + "]";
    }
}
