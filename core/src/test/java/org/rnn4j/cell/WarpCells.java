package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.rnn4j.data.Batch;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

/** Test helpers shared by {@link LeakyRnnTest} and {@link GatedRnnTest} (Tallec &amp; Ollivier's time-warping cells). */
final class WarpCells {
    private WarpCells() {}

    /** Parameters of {@code cell} from its own initializers with {@code seed}. */
    static float[] params(Cell cell, long seed) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()];
        layout.initialize(w, new SplittableRandom(seed));
        return w;
    }

    static float[] uniform(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-scale, scale);
        return a;
    }

    /** The states {@code [T+1, B, S]} of one forward pass of {@code cell} with parameters {@code w}. */
    static float[] run(Cell cell, float[] w, float[] x, float[] s0, int T, int B) {
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, new float[w.length], 0);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, cell.inputSize(), T, B, s0, false);
            return Arrays.copyOf(layer.states(), (T + 1) * B * cell.stateSize());
        }
    }

    /**
     * Five Adam steps on fresh random classification batches with one and with two threads: the
     * losses and the final parameters must agree bit for bit (sizes large enough that the engine
     * splits the projection, recurrent and weight-gradient GEMMs over both threads).
     */
    static void assertBitIdenticalForOneAndTwoThreads(CellConfig cell) {
        ModelConfig cfg = ModelConfig.classifier(cell, 10);
        float[][] p1 = new float[1][], p2 = new float[1][];
        double[] one = train(cfg, 1, p1), two = train(cfg, 2, p2);
        assertArrayEquals(one, two, cfg.toString());
        assertArrayEquals(p1[0], p2[0], cfg.toString());
    }

    private static double[] train(ModelConfig cfg, int threads, float[][] finalParams) {
        int T = 20, B = 8, I = cfg.cell().inputSize(), C = cfg.outputSize();
        try (SequenceModel m = new SequenceModel(cfg, new SplittableRandom(31), threads)) {
            Optimizer opt = Adam.of(1e-2);
            SplittableRandom data = new SplittableRandom(32);
            double[] losses = new double[5];
            for (int step = 1; step <= 5; step++) {
                float[] mask = new float[T * B];
                Arrays.fill(mask, 1f);
                int[] labels = new int[T * B];
                for (int i = 0; i < labels.length; i++) labels[i] = data.nextInt(C);
                Batch batch = new Batch(T, B, I, C, uniform(data, T * B * I, 1), labels, null, mask);
                losses[step - 1] = m.forward(batch, true);
                m.zeroGrads();
                m.backward();
                Clip.globalNorm(m.grads(), 1.0);
                opt.update(m.params(), m.grads(), step);
            }
            finalParams[0] = m.params().clone();
            return losses;
        }
    }
}
