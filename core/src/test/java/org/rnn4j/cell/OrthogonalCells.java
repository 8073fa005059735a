package org.rnn4j.cell;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.GradCheck;

/**
 * Test helpers shared by {@link EurnnTest} and {@link GoruTest}: a cell bound to its own
 * initialised parameters (which a test may then change by block name), run through a
 * {@link RecurrentLayer}, and a finite-difference check of such a setup (the shared
 * {@link GradCheck#cell} uses the cells' initial values only, where modReLU's bias is 0 or 0.01).
 */
final class OrthogonalCells {
    private OrthogonalCells() {}

    /** A cell in a layer, with its flat buffers and layout (blocks named as in {@link Cell#params()}). */
    record Setup(Cell cell, RecurrentLayer layer, ParamLayout layout, float[] w, float[] dw) {
        /** The block {@code name} of w: its offset. */
        int offset(String name) {
            return layout.offset(name);
        }

        /** Fills block {@code name} with {@code value}. */
        void fill(String name, float value) {
            ParamLayout.Block b = layout.block(name);
            java.util.Arrays.fill(w, b.offset(), b.offset() + b.size(), value);
        }
    }

    static Setup setup(Cell cell, long seed) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()], dw = new float[layout.size()];
        layout.initialize(w, new SplittableRandom(seed));
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        return new Setup(cell, layer, layout, w, dw);
    }

    static float[] uniform(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-scale, scale);
        return a;
    }

    /** ‖row‖ of {@code n} floats at {@code off}. */
    static double norm(float[] a, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[off + i] * a[off + i];
        return Math.sqrt(s);
    }

    /**
     * modReLU's regime at every candidate entry of the last pass: the sign of its output (−1, 0,
     * +1), which changes exactly when a pre-activation crosses 0 or the dead-zone edge
     * {@code |a| + b = 0}. For an EURNN the candidate is h itself; for a GORU it is h̃, which the
     * cell keeps in the c block of {@code z} (read here from the same package).
     */
    static byte[] regimes(Setup s) {
        CellBase cell = (CellBase) s.cell();
        Cell.Sequence seq = cell.seq;
        int T = seq.steps(), B = seq.batch(), H = cell.hiddenSize();
        byte[] r = new byte[T * B * H];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) {
                    float v = cell instanceof Goru
                            ? seq.z()[(t * B + b) * 3 * H + 2 * H + j]
                            : seq.states()[((t + 1) * B + b) * H + j];
                    r[(t * B + b) * H + j] = (byte) Math.signum(v);
                }
            }
        }
        return r;
    }

    private static String blockOf(ParamLayout layout, int i) {
        for (ParamLayout.Block b : layout.blocks()) {
            if (i >= b.offset() && i < b.offset() + b.size()) return b.name() + "[" + (i - b.offset()) + "]";
        }
        return "w[" + i + "]";
    }

    /** The outcome of {@link #gradients}: the worst entry compared, and how many were skipped. */
    record Check(GradCheck.Report report, int skipped) {
        /** Fails unless the worst relative error is within {@code tolerance} and at most {@code maxSkippedShare} were skipped. */
        void assertWithin(double tolerance, double maxSkippedShare) {
            report.assertMaxRelError(tolerance);
            int total = report.checked() + skipped;
            if (skipped > maxSkippedShare * total) {
                throw new AssertionError(skipped + " of " + total + " entries straddled a modReLU kink");
            }
        }
    }

    /**
     * Like {@link GradCheck#cell}, for parameters {@code s.w()} as the test set them: loss
     * {@code Σ_t G_t·h_t + G_S·state_T}, inputs and initial state U(−1, 1); compares every
     * parameter, the input and the initial state with the same fourth-order central differences
     * and relative error (floor 1e-2) as GradCheck. modReLU with {@code b ≠ 0} has kinks and, for
     * {@code b > 0}, a jump at 0, where a difference quotient means nothing: an entry whose
     * stencil moves any candidate to another {@link #regimes regime} is skipped and counted.
     * {@code afterForward} sees the layer after the analytic pass.
     */
    static Check gradients(Setup s, int B, int T, double eps, long seed, Consumer<RecurrentLayer> afterForward) {
        Cell cell = s.cell();
        int I = cell.inputSize(), H = cell.hiddenSize(), S = cell.stateSize();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = uniform(rng, T * B * I, 1), s0 = uniform(rng, B * S, 1);
        float[] g = uniform(rng, T * B * H, 1), gS = uniform(rng, B * S, 1);
        RecurrentLayer layer = s.layer();
        try (Compute compute = Compute.create(1)) {
            DoubleSupplier loss = () -> {
                layer.forward(compute, x, 0, I, T, B, s0, false);
                float[] st = layer.states();
                double sum = 0;
                for (int t = 0; t < T; t++) {
                    for (int b = 0; b < B; b++) {
                        for (int j = 0; j < H; j++) {
                            sum += (double) g[(t * B + b) * H + j] * st[layer.outputOffset(t) + b * S + j];
                        }
                    }
                }
                for (int i = 0; i < B * S; i++) sum += (double) gS[i] * st[layer.stateOffset(T) + i];
                return sum;
            };
            java.util.Arrays.fill(s.dw(), 0f);
            layer.forward(compute, x, 0, I, T, B, s0, true);
            afterForward.accept(layer);
            byte[] base = regimes(s);
            float[] dx = new float[x.length], ds0 = new float[s0.length];
            layer.backward(compute, g, gS, dx, 0, I, ds0);
            String[] names = {"w", "x", "state0"};
            float[][] at = {s.w(), x, s0}, grad = {s.dw().clone(), dx, ds0};
            double max = 0;
            String worst = "none";
            int checked = 0, skipped = 0;
            double[] f = new double[4];
            double[] steps = {-2 * eps, -eps, eps, 2 * eps};
            for (int k = 0; k < 3; k++) {
                float[] a = at[k];
                for (int i = 0; i < a.length; i++) {
                    float orig = a[i];
                    boolean same = true;
                    for (int p = 0; p < 4; p++) {
                        a[i] = (float) (orig + steps[p]);
                        f[p] = loss.getAsDouble();
                        same &= java.util.Arrays.equals(base, regimes(s));
                    }
                    a[i] = orig;
                    if (!same) {
                        skipped++;
                        continue;
                    }
                    double numeric = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * eps), analytic = grad[k][i];
                    double err = Math.abs(analytic - numeric) / Math.max(1e-2, Math.max(Math.abs(analytic), Math.abs(numeric)));
                    if (!(err <= max)) {
                        max = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                        worst = (k == 0 ? blockOf(s.layout(), i) : names[k] + "[" + i + "]") + " analytic=" + analytic
                                + " numeric=" + numeric;
                    }
                    checked++;
                }
            }
            return new Check(new GradCheck.Report(max, worst, checked, skipped), skipped);
        }
    }
}
