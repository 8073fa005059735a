package org.rnn4j.cell;

import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.rnn4j.kernel.Kaf;
import org.rnn4j.param.Init;

/**
 * The flexible gate of Scardapane et al. (MLSP 2018, "Recurrent neural networks with flexible gates
 * using kernel activation functions"): the gate's sigmoid applied to a residual mix of its
 * pre-activation s and a per-unit kernel activation function ({@link Kaf}).
 * <pre>
 *   g(s) = σ(a·s + b·KAF(s))        KAF(s) = Σ_{i<D} α_ji κ(s, d_i)   for unit j, α: [H, D] per gate
 *   ∂g/∂s = g(1 − g)·(a + b·∂KAF/∂s)       ∂g/∂α_ji = g(1 − g)·b·κ(s, d_i)
 * </pre>
 * Unverified (docs/cells/kaf-gates.md): the paper's abstract only says "KAF ... with the addition of
 * a residual skip-connection"; the mix {@code a = b = ½} is a recollection, hence configurable. The
 * dictionary, γ, the α inits and ε are the authors' KAF library (PyTorch HEAD) defaults, not the
 * paper's settings. With {@link AlphaInit#RIDGE} towards {@link Kaf.Target#IDENTITY} and
 * {@code a = b = ½} the gate starts as {@code σ(s)} on [−B, B] up to the ridge fit's error
 * (outside, the Gaussian KAF fades and the gate tends to {@code σ(a·s)}).
 *
 * @param size         D, dictionary points (default 20)
 * @param boundary     B, the dictionary spans [−B, B] (default 4)
 * @param gamma        the Gaussian's γ; empty: {@code 1/(8Δ²)}, Δ = 2B/(D − 1)
 * @param kernel       GAUSSIAN (default), RELU or SOFTPLUS
 * @param init         α init: RIDGE (default) or NORMAL
 * @param target       the ridge target: IDENTITY (default) or ZERO
 * @param std          NORMAL's standard deviation (default 0.8, the library's HEAD)
 * @param ridgeEpsilon ε of {@code α = (K + εI)⁻¹ t(d)} (default 1e-4, the library's HEAD)
 * @param mixA         a, the weight of s (default ½, unverified)
 * @param mixB         b, the weight of KAF(s) (default ½, unverified)
 */
public record KafGate(int size, double boundary, OptionalDouble gamma, Kaf.Kernel kernel, AlphaInit init,
                      Kaf.Target target, double std, double ridgeEpsilon, double mixA, double mixB) {

    /** How the mixing coefficients α start. */
    public enum AlphaInit {
        /** Kernel ridge regression towards {@link KafGate#target()}: every unit the same α. */
        RIDGE,
        /** Independent draws {@code N(0, std²)}. */
        NORMAL
    }

    /** The largest dictionary D (ridge costs O(D³), every unit stores D coefficients per gate). */
    public static final int MAX_SIZE = 1000;
    /** The largest boundary B, so that Δ = 2B/(D − 1) stays finite. */
    public static final double MAX_BOUNDARY = 1e100;

    public KafGate {
        if (size < 2 || size > MAX_SIZE) {
            throw new IllegalArgumentException("KAF size D must be in [2, " + MAX_SIZE + "], got " + size);
        }
        if (!(boundary > 0) || !(boundary <= MAX_BOUNDARY)) {
            throw new IllegalArgumentException("KAF boundary B must be a number in (0, " + MAX_BOUNDARY + "], got " + boundary);
        }
        if (gamma == null || gamma.isEmpty()) {
            double g = Kaf.defaultGamma(size, boundary);
            if (!(g > 0) || Double.isInfinite(g)) {
                throw new IllegalArgumentException("KAF boundary B=" + boundary + " with size D=" + size + " gives the default"
                        + " gamma 1/(8Δ²) = " + g + ", not a finite number > 0: use a larger B");
            }
        }
        if (gamma == null) gamma = OptionalDouble.empty();
        if (gamma.isPresent() && (!(gamma.getAsDouble() > 0) || Double.isInfinite(gamma.getAsDouble()))) {
            throw new IllegalArgumentException("KAF gamma must be a finite number > 0, got " + gamma.getAsDouble());
        }
        if (kernel == null) throw new IllegalArgumentException("KAF kernel must be GAUSSIAN, RELU or SOFTPLUS, got null");
        if (init == null) throw new IllegalArgumentException("KAF init must be RIDGE or NORMAL, got null");
        if (target == null) throw new IllegalArgumentException("KAF ridge target must be IDENTITY or ZERO, got null");
        if (!(std >= 0) || Double.isInfinite(std)) throw new IllegalArgumentException("KAF std must be a finite number >= 0, got " + std);
        if (!(ridgeEpsilon >= 0) || Double.isInfinite(ridgeEpsilon)) {
            throw new IllegalArgumentException("KAF ridgeEpsilon must be a finite number >= 0, got " + ridgeEpsilon);
        }
        if (!Double.isFinite(mixA) || !Double.isFinite(mixB)) {
            throw new IllegalArgumentException("KAF mix a, b must be finite, got " + mixA + ", " + mixB);
        }
        if (init == AlphaInit.RIDGE && kernel == Kaf.Kernel.RELU) {
            throw new IllegalArgumentException("KAF init RIDGE needs the GAUSSIAN or SOFTPLUS kernel: with RELU the kernel"
                    + " matrix is singular (use init NORMAL)");
        }
    }

    /** The defaults: D = 20, B = 4, γ = 1/(8Δ²), GAUSSIAN, RIDGE towards IDENTITY, std 0.8, ε = 1e-4, a = b = ½. */
    public static KafGate of() {
        return new KafGate(20, 4, OptionalDouble.empty(), Kaf.Kernel.GAUSSIAN, AlphaInit.RIDGE, Kaf.Target.IDENTITY, 0.8,
                1e-4, 0.5, 0.5);
    }

    /** A copy with dictionary size D = {@code d}. */
    public KafGate withSize(int d) {
        return new KafGate(d, boundary, gamma, kernel, init, target, std, ridgeEpsilon, mixA, mixB);
    }

    /** A copy with the dictionary on [−b, b]. */
    public KafGate withBoundary(double b) {
        return new KafGate(size, b, gamma, kernel, init, target, std, ridgeEpsilon, mixA, mixB);
    }

    /** A copy with the Gaussian's γ = {@code g} instead of the default 1/(8Δ²). */
    public KafGate withGamma(double g) {
        return new KafGate(size, boundary, OptionalDouble.of(g), kernel, init, target, std, ridgeEpsilon, mixA, mixB);
    }

    /** A copy with kernel {@code k}. */
    public KafGate withKernel(Kaf.Kernel k) {
        return new KafGate(size, boundary, gamma, k, init, target, std, ridgeEpsilon, mixA, mixB);
    }

    /** NORMAL, or RIDGE towards {@code target}. */
    public KafGate withInit(AlphaInit i) {
        return new KafGate(size, boundary, gamma, kernel, i, target, std, ridgeEpsilon, mixA, mixB);
    }

    /** A copy whose ridge initialisation fits {@code t}. */
    public KafGate withTarget(Kaf.Target t) {
        return new KafGate(size, boundary, gamma, kernel, init, t, std, ridgeEpsilon, mixA, mixB);
    }

    /** A copy whose NORMAL initialisation draws with standard deviation {@code s}. */
    public KafGate withStd(double s) {
        return new KafGate(size, boundary, gamma, kernel, init, target, s, ridgeEpsilon, mixA, mixB);
    }

    /** A copy whose ridge regression adds {@code e·I}. */
    public KafGate withRidgeEpsilon(double e) {
        return new KafGate(size, boundary, gamma, kernel, init, target, std, e, mixA, mixB);
    }

    /** A copy with the gate {@code σ(a·s + b·KAF(s))}. */
    public KafGate withMix(double a, double b) {
        return new KafGate(size, boundary, gamma, kernel, init, target, std, ridgeEpsilon, a, b);
    }

    /** γ as used: the given one or {@code 1/(8Δ²)}. */
    public double effectiveGamma() {
        return gamma.isPresent() ? gamma.getAsDouble() : Kaf.defaultGamma(size, boundary);
    }

    /** The KAF these settings describe. */
    public Kaf kaf() {
        return new Kaf(size, boundary, effectiveGamma(), kernel);
    }

    /** The initializer of an α block [H, D]. */
    public Init alphaInit() {
        return init == AlphaInit.RIDGE ? new Init.RepeatedRow(kaf().ridge(target, ridgeEpsilon)) : new Init.Normal(0, std);
    }

    /**
     * The gate names of {@code gates} checked against the cell's {@code allowed} ones (in the cell's
     * order), as an immutable sorted set; null is the empty set.
     */
    static Set<String> gates(String cell, Collection<String> gates, List<String> allowed) {
        if (gates == null) return Set.of();
        TreeSet<String> s = new TreeSet<>();
        for (String g : gates) {
            if (g == null || !allowed.contains(g)) {
                throw new IllegalArgumentException(cell + " kafGates must be among " + allowed + ", got '" + g + "'");
            }
            s.add(g);
        }
        return java.util.Collections.unmodifiableSortedSet(s);
    }
}
