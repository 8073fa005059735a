package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.rnn4j.cell.Cell;
import org.rnn4j.data.Batch;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.train.SequenceModel;

/**
 * The shared finite-difference gradient check. It compares the analytic gradient of every
 * parameter block, the inputs and the initial state with central differences of the float32
 * forward pass (loss summed in double), using the fourth-order stencil
 * {@code (f(−2ε) − 8f(−ε) + 8f(ε) − f(2ε)) / 12ε}.
 * <p>Error of one entry: {@code |analytic − numeric| / max(|analytic|, |numeric|, floor)}; float32
 * agreement is about 1e-3, a wrong derivative shows as O(1).
 * <pre>
 *   GradCheck.cell(new Lstm(LstmConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
 * </pre>
 */
public final class GradCheck {
    private static final double FLOOR = 1e-2;

    private GradCheck() {}

    /** Relative disagreement of one-sided or nested differences that marks a kink inside the stencil. */
    private static final double KINK = 0.02;
    /** Set for the duration of one kink-aware check (the harness is single-threaded, as are the tests that call it). */
    private static boolean kinkAware;

    /**
     * One gradient entry that disagrees the most, out of {@code checked} compared entries;
     * {@code skipped} entries had a kink inside their stencil (only in the kink-aware checks).
     */
    public record Report(double maxRelError, String worst, int checked, int skipped) {
        /** Fails when the largest relative error exceeds {@code tolerance}, or more than 15% of the entries were skipped. */
        public Report assertMaxRelError(double tolerance) {
            if (checked == 0) fail("gradient check compared nothing");
            if (!(maxRelError <= tolerance)) {
                fail("max relative gradient error " + maxRelError + " > " + tolerance + " at " + worst);
            }
            if (skipped * 100 > 15 * (checked + skipped)) {
                fail(skipped + " of " + (checked + skipped) + " entries had a kink inside the stencil: choose another seed or ε");
            }
            return this;
        }
    }

    /**
     * Checks one recurrent layer of {@code cell} over {@code steps} steps of a batch of
     * {@code batch}, with the loss {@code L = Σ_t G_t·h_t + G_S·state_T} for fixed random G, so
     * every output and the final state carry gradient. Parameters come from the cell's own
     * initializers (seeded), inputs and the initial state from {@code U(−1, 1)}.
     */
    public static Report cell(Cell cell, int batch, int steps) {
        return cell(cell, batch, steps, 1e-2, 42);
    }

    /** {@link #cell(Cell, int, int)} with an explicit step ε and seed. */
    public static Report cell(Cell cell, int batch, int steps, double eps, long seed) {
        return cell(cell, batch, steps, eps, seed, false, 1.0);
    }

    /**
     * {@link #cell(Cell, int, int, double, long)} for cells with many ReLU-like kinks (the NRU's
     * ReLU on h, α, β and every direction entry, and its fast-turning unit-norm directions): an
     * entry is skipped when the numeric derivative is not trustworthy — its stencil straddles a
     * kink (second differences over ±ε and ±2ε disagree by more than 2% of the slope) or the
     * function bends too fast for ε (4th-order estimates over ε and 2ε disagree by more than 2%).
     * A wrong analytic derivative still fails wherever the numeric one is self-consistent; at most
     * 15% of the entries may be skipped (a ReLU on each of the k·M direction entries puts
     * 10–12% of the NRU's entries next to a kink at ε = 3e-3).
     */
    public static Report cellAwayFromKinks(Cell cell, int batch, int steps, double eps, long seed) {
        return cell(cell, batch, steps, eps, seed, true, 1.0);
    }

    /**
     * {@link #cellAwayFromKinks(Cell, int, int, double, long)} with every initial parameter
     * multiplied by {@code weightScale}: for cells whose curvature is extreme at their default
     * scale (the NRU's unit-norm directions turn fast when a head's raw direction is short).
     */
    public static Report cellAwayFromKinks(Cell cell, int batch, int steps, double eps, long seed, double weightScale) {
        return cell(cell, batch, steps, eps, seed, true, weightScale);
    }

    /**
     * {@link #cell(Cell, int, int, double, long)} (or its kink-aware form) with the pass's
     * timestamps {@code times [T, B]} handed to a time-gated cell ({@link Cell#timestamps}); the
     * times are data, not checked.
     */
    public static Report cellWithTimes(Cell cell, int batch, int steps, double eps, long seed, float[] times,
                                       boolean awayFromKinks) {
        return cell(cell, batch, steps, eps, seed, awayFromKinks, 1.0, times);
    }

    private static Report cell(Cell cell, int batch, int steps, double eps, long seed, boolean skipKinks, double weightScale) {
        return cell(cell, batch, steps, eps, seed, skipKinks, weightScale, null);
    }

    private static Report cell(Cell cell, int batch, int steps, double eps, long seed, boolean skipKinks, double weightScale,
                               float[] times) {
        SplittableRandom rng = new SplittableRandom(seed);
        int I = cell.inputSize(), H = cell.hiddenSize(), S = cell.stateSize(), T = steps, B = batch;
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("cell", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()], dw = new float[layout.size()];
        layout.initialize(w, rng);
        for (int i = 0; i < w.length; i++) w[i] *= (float) weightScale;
        float[] x = uniform(rng, T * B * I), s0 = uniform(rng, B * S);
        float[] g = uniform(rng, T * B * H), gS = uniform(rng, B * S);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        try (Compute compute = Compute.create(1)) {
            DoubleSupplier loss = () -> {
                layer.forward(compute, x, 0, I, T, B, s0, false, times, 0);
                return objective(layer, g, gS, T, B, H, S);
            };
            layer.forward(compute, x, 0, I, T, B, s0, true, times, 0);
            float[] dx = new float[T * B * I], ds0 = new float[B * S];
            layer.backward(compute, g, gS, dx, 0, I, ds0);
            kinkAware = skipKinks;
            Accumulator acc = new Accumulator();
            acc.skipKinks = skipKinks;
            for (ParamLayout.Block blk : layout.blocks()) {
                for (int i = 0; i < blk.size(); i++) {
                    int k = blk.offset() + i;
                    acc.add(blk.name() + "[" + i + "]", dw[k], numeric(w, k, eps, loss));
                }
            }
            for (int i = 0; i < x.length; i++) acc.add("x[" + i + "]", dx[i], numeric(x, i, eps, loss));
            for (int i = 0; i < s0.length; i++) acc.add("state0[" + i + "]", ds0[i], numeric(s0, i, eps, loss));
            return acc.report();
        } finally {
            kinkAware = false;
        }
    }

    /**
     * Checks every parameter of a whole model (stacked layers, readout and loss) on one batch:
     * the analytic gradient of {@code model.forward(batch)} against central differences.
     */
    public static Report model(SequenceModel model, Batch batch, double eps) {
        return model(model, batch, eps, false);
    }

    /**
     * {@link #model}, with the loss training minimises: the task loss plus the time gates' budget
     * term {@link SequenceModel#lastBudgetLoss()} ({@code λ·B}).
     */
    public static Report modelWithBudget(SequenceModel model, Batch batch, double eps) {
        return model(model, batch, eps, true);
    }

    private static Report model(SequenceModel model, Batch batch, double eps, boolean withBudget) {
        float[] w = model.params();
        model.forward(batch, true);
        model.zeroGrads();
        model.backward();
        float[] dw = model.grads().clone();
        DoubleSupplier loss = () -> model.forward(batch, false) + (withBudget ? model.lastBudgetLoss() : 0);
        Accumulator acc = new Accumulator();
        for (ParamLayout.Block blk : model.layout().blocks()) {
            for (int i = 0; i < blk.size(); i++) {
                int k = blk.offset() + i;
                acc.add(blk.name() + "[" + i + "]", dw[k], numeric(w, k, eps, loss));
            }
        }
        return acc.report();
    }

    /** Compares an analytic gradient {@code grad} of {@code f} w.r.t. {@code x} entry by entry. */
    public static Report function(float[] x, float[] grad, double eps, DoubleSupplier f) {
        Accumulator acc = new Accumulator();
        for (int i = 0; i < x.length; i++) acc.add("x[" + i + "]", grad[i], numeric(x, i, eps, f));
        return acc.report();
    }

    private static double objective(RecurrentLayer layer, float[] g, float[] gS, int T, int B, int H, int S) {
        float[] st = layer.states();
        double sum = 0;
        for (int t = 0; t < T; t++) {
            int o = layer.outputOffset(t);
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) sum += (double) g[(t * B + b) * H + j] * st[o + b * S + j];
            }
        }
        int fin = layer.stateOffset(T);
        for (int i = 0; i < B * S; i++) sum += (double) gS[i] * st[fin + i];
        return sum;
    }

    /** A numeric derivative, plus whether its stencil straddles a kink. */
    private record Numeric(double value, boolean kink) {}

    private static Numeric numeric(float[] a, int k, double eps, DoubleSupplier f) {
        float orig = a[k];
        double p1 = at(a, k, orig, eps, f), m1 = at(a, k, orig, -eps, f);
        double p2 = at(a, k, orig, 2 * eps, f), m2 = at(a, k, orig, -2 * eps, f);
        double d4 = (m2 - 8 * m1 + 8 * p1 - p2) / (12 * eps);
        if (!kinkAware) return new Numeric(d4, false);
        // Two tests, each silent on a smooth function that the stencil resolves:
        //  - the second differences over ±ε and ±2ε agree to O(ε²); a kink inside the stencil
        //    (even at its centre) makes them differ by about the jump in slope;
        //  - the 4th-order estimates over ε and 2ε agree to O(ε⁴); where they do not, the function
        //    bends too fast for this ε and the numeric value cannot be trusted either way.
        double f0 = at(a, k, orig, 0, f), p4 = at(a, k, orig, 4 * eps, f), m4 = at(a, k, orig, -4 * eps, f);
        double scale = Math.max(FLOOR, Math.abs(d4));
        double bend1 = (p1 - 2 * f0 + m1) / eps, bend2 = (p2 - 2 * f0 + m2) / (4 * eps);
        double d4wide = (m4 - 8 * m2 + 8 * p2 - p4) / (24 * eps);
        boolean unresolved = Math.abs(bend1 - bend2) > KINK * scale || Math.abs(d4 - d4wide) > KINK * scale;
        return new Numeric(d4, unresolved);
    }

    private static double at(float[] a, int k, float orig, double delta, DoubleSupplier f) {
        a[k] = (float) (orig + delta);
        double v = f.getAsDouble();
        a[k] = orig;
        return v;
    }

    private static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    private static final class Accumulator {
        double max = 0;
        String worst = "none";
        int n = 0, skipped = 0;
        boolean skipKinks;
        final List<String> nonFinite = new ArrayList<>();

        void add(String name, double analytic, Numeric num) {
            if (skipKinks && num.kink()) {
                skipped++;
                return;
            }
            double numeric = num.value();
            n++;
            double err = Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
            if (!Double.isFinite(err)) {
                nonFinite.add(name);
                err = Double.POSITIVE_INFINITY;
            }
            if (err > max || (n == 1 && err == 0)) {
                max = err;
                worst = name + " analytic=" + analytic + " numeric=" + numeric;
            }
        }

        Report report() {
            return new Report(max, worst, n, skipped);
        }
    }
}
