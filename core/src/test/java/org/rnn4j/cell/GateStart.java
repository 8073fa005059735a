package org.rnn4j.cell;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;

/**
 * Helpers for the tests that a fast gate starts where the sigmoid gate starts: the initial
 * parameters of a cell for one seed, and its first state from zero input and zero h (so every
 * pre-activation is a bias), with a nonzero rest of the state (an LSTM's c) so the forget gate shows.
 */
final class GateStart {
    private GateStart() {}

    static final int B = 2;

    /** The cell's initial parameters for seed 11. */
    static float[] params(CellConfig cfg) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cfg.create().params()) lb.add("cell", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()];
        layout.initialize(w, new SplittableRandom(11));
        return w;
    }

    /** state[1] of one step of x = 0 from h = 0 (and c ~ U(−1, 1) for an LSTM). */
    static float[] firstState(CellConfig cfg, float[] w) {
        Cell cell = cfg.create();
        int I = cell.inputSize(), H = cell.hiddenSize(), S = cell.stateSize();
        float[] s0 = new float[B * S];
        SplittableRandom rng = new SplittableRandom(12);
        for (int b = 0; b < B; b++) {
            for (int j = H; j < S; j++) s0[b * S + j] = (float) rng.nextDouble(-1, 1);
        }
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w.clone(), new float[w.length], 0);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, new float[B * I], 0, I, 1, B, s0, false);
        }
        return Arrays.copyOfRange(layer.states(), B * S, 2 * B * S);
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
