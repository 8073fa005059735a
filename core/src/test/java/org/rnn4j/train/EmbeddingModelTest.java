package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.testing.GradCheck;

/**
 * A model fed through a symbol embedding ({@link ModelConfig#withEmbedding}). Gradient checks as
 * in {@link SequenceModelTest}: fourth-order central differences (ε = 1e-2) of the float32 forward
 * pass, tolerance 5e-3 relative, every block including {@code embedding.E}.
 */
class EmbeddingModelTest {
    static final int V = 5, D = 3, H = 4, C = 5, B = 2, T = 4;
    static final double EPS = 1e-2, TOL = 5e-3;

    /** Ids {@code [T, B, 1]} drawn from [0, vocabulary), labels in [0, classes), mask all ones. */
    static Batch ids(int steps, int batch, int vocabulary, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[steps * batch];
        int[] labels = new int[steps * batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(vocabulary);
            labels[i] = rng.nextInt(classes);
        }
        float[] mask = new float[steps * batch];
        Arrays.fill(mask, 1f);
        return new Batch(steps, batch, 1, classes, x, labels, null, mask);
    }

    static SequenceModel model(ModelConfig cfg, long seed) {
        return new SequenceModel(cfg, new SplittableRandom(seed), 1);
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void withEmbeddingSetsTheFirstCellsInputWidthAndTheBatchTakesOneIdPerStep() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(V, D).withLayers(2);
        assertEquals(new ModelConfig.Embedding(V, D), cfg.embedding());
        assertTrue(cfg.hasEmbedding());
        assertEquals(D, cfg.cell().inputSize());
        assertEquals(1, cfg.inputWidth());
        assertEquals(2, cfg.layers(), "withLayers keeps the embedding");
        assertTrue(cfg.withLayers(3).hasEmbedding());
        ModelConfig plain = ModelConfig.classifier(LstmConfig.of(7, H), C);
        assertFalse(plain.hasEmbedding());
        assertEquals(7, plain.inputWidth());
    }

    @Test
    void configRejectsBadEmbeddings() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(LstmConfig.of(2, H), 1, C, ModelConfig.LossKind.CROSS_ENTROPY, new ModelConfig.Embedding(V, D)));
        assertTrue(e.getMessage().contains("D=" + D) && e.getMessage().contains("I=2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(0, D));
        assertTrue(e.getMessage().contains("vocabulary V"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(V, 0));
        assertTrue(e.getMessage().contains("dimension D"), e.getMessage());
    }

    @Test
    void layoutStartsWithTheEmbeddingAndTheCountIncludesIt() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(V, D).withLayers(2);
        try (SequenceModel m = model(cfg, 1)) {
            ParamLayout.Block e = m.layout().blocks().get(0);
            assertEquals("embedding.E", e.name());
            assertEquals(0, e.offset());
            assertArrayEquals(new int[] {V, D}, e.spec().shape());
            assertArrayEquals(new int[] {4 * H, D}, m.layout().block("layer0.Wx").spec().shape());
            int expected = V * D + (4 * H * D + 4 * H + 4 * H * H) + (4 * H * H + 4 * H + 4 * H * H) + C * H + C;
            assertEquals(expected, m.parameterCount());
            assertEquals(expected, SequenceModel.parameterCount(cfg));
        }
        // 256 pixel symbols through a 128-wide embedding (glstm-kaf-aux.md §3.4): V·D = 32768 more
        // than the same model fed 128-wide inputs
        ModelConfig pixels = ModelConfig.classifier(LstmConfig.of(1, 100), 10);
        assertEquals(SequenceModel.parameterCount(ModelConfig.classifier(LstmConfig.of(128, 100), 10)) + 256L * 128,
                SequenceModel.parameterCount(pixels.withEmbedding(256, 128)));
    }

    @Test
    void embeddingIsStandardNormalFromTheModelsSeed() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(1, H), C).withEmbedding(200, 50);
        try (SequenceModel a = model(cfg, 3); SequenceModel b = model(cfg, 3); SequenceModel c = model(cfg, 4)) {
            int n = 200 * 50;
            float[] e = Arrays.copyOf(a.params(), n);
            assertArrayEquals(e, Arrays.copyOf(b.params(), n), "same seed, same E");
            assertFalse(Arrays.equals(e, Arrays.copyOf(c.params(), n)), "another seed, another E");
            double mean = 0, var = 0;
            for (float v : e) mean += v;
            mean /= n;
            for (float v : e) var += (v - mean) * (v - mean);
            var /= n;
            assertEquals(0.0, mean, 5 / Math.sqrt(n));                    // 5 standard errors
            assertEquals(1.0, var, 5 * Math.sqrt(2.0 / n));
        }
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void twoLayerLstmWithEmbeddingMatchesFiniteDifferencesIncludingE() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(V, D).withLayers(2);
        Batch batch = ids(T, B, V - 1, C, 2);                        // symbol V-1 unseen: its dE must stay 0
        try (SequenceModel m = model(cfg, 1)) {
            GradCheck.model(m, batch, EPS).assertMaxRelError(TOL);
            m.forward(batch, true);
            m.zeroGrads();
            m.backward();
            int last = (V - 1) * D;
            for (int j = 0; j < D; j++) assertEquals(0f, m.grads()[last + j], "unseen symbol");
            boolean moved = false;
            for (int k = 0; k < last; k++) moved |= m.grads()[k] != 0f;
            assertTrue(moved, "seen symbols get gradient");
        }
    }

    @Test
    void gruWithEmbeddingAndLossAtTheLastStepMatchesFiniteDifferences() {
        Batch all = ids(6, 3, V, C, 5);
        float[] mask = new float[6 * 3];
        Arrays.fill(mask, 5 * 3, 6 * 3, 1f);
        Batch last = new Batch(6, 3, 1, C, all.x(), all.labels(), null, mask);
        try (SequenceModel m = model(ModelConfig.classifier(GruConfig.of(1, H), C).withEmbedding(V, 17), 6)) {
            GradCheck.model(m, last, EPS).assertMaxRelError(TOL);          // D = 17: the wide input projection
        }
    }

    // ------------------------------------------------------------------ equivalences

    /** Copies every block of {@code from} whose name {@code to} also has. */
    static void copyShared(SequenceModel from, SequenceModel to) {
        for (ParamLayout.Block b : to.layout().blocks()) {
            System.arraycopy(from.params(), from.layout().offset(b.name()), to.params(), b.offset(), b.size());
        }
    }

    /** The embedding model equals a plain model of input width D fed the looked-up rows, bit for bit. */
    @Test
    void forwardEqualsAPlainModelFedTheRowsOfE() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(V, D).withLayers(2);
        Batch batch = ids(T, B, V, C, 7);
        try (SequenceModel emb = model(cfg, 8);
             SequenceModel plain = model(ModelConfig.classifier(LstmConfig.of(D, H), C).withLayers(2), 9)) {
            copyShared(emb, plain);
            float[] x = new float[T * B * D];
            for (int r = 0; r < T * B; r++) {
                System.arraycopy(emb.params(), (int) batch.x()[r] * D, x, r * D, D);
            }
            Batch rows = new Batch(T, B, D, C, x, batch.labels(), null, batch.mask());
            assertEquals(plain.forward(rows, true), emb.forward(batch, true), 0.0);
            assertArrayEquals(plain.lastOutputs(), emb.lastOutputs(), 0f);
            emb.backward();
            plain.backward();
            for (ParamLayout.Block b : plain.layout().blocks()) {
                int o = emb.layout().offset(b.name());
                assertArrayEquals(Arrays.copyOfRange(plain.grads(), b.offset(), b.offset() + b.size()),
                        Arrays.copyOfRange(emb.grads(), o, o + b.size()), b.name());
            }
        }
    }

    /**
     * A one-hot model with input matrix {@code Wx' = Wx·Eᵀ [P, V]} computes the same function; by the
     * chain rule {@code dE = dWx'ᵀ·Wx}. Float rounding differs (another product order): 1e-5 relative.
     */
    @Test
    void gradientOfEMatchesAOneHotModelWithInputMatrixWxTimesETransposed() {
        int P = 3 * H;                                                 // GRU: Wx [3H, I]
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(1, H), C).withEmbedding(V, D);
        Batch batch = ids(T, B, V, C, 10);
        try (SequenceModel emb = model(cfg, 11); SequenceModel hot = model(ModelConfig.classifier(GruConfig.of(V, H), C), 12)) {
            float[] w = emb.params(), wh = hot.params();
            int oE = emb.layout().offset("embedding.E"), oWx = emb.layout().offset("layer0.Wx");
            for (ParamLayout.Block b : hot.layout().blocks()) {
                if (!b.name().equals("layer0.Wx")) System.arraycopy(w, emb.layout().offset(b.name()), wh, b.offset(), b.size());
            }
            int oWh = hot.layout().offset("layer0.Wx");
            for (int p = 0; p < P; p++) {
                for (int v = 0; v < V; v++) {
                    double s = 0;
                    for (int j = 0; j < D; j++) s += (double) w[oWx + p * D + j] * w[oE + v * D + j];
                    wh[oWh + p * V + v] = (float) s;
                }
            }
            float[] onehot = new float[T * B * V];
            for (int r = 0; r < T * B; r++) onehot[r * V + (int) batch.x()[r]] = 1f;
            Batch hotBatch = new Batch(T, B, V, C, onehot, batch.labels(), null, batch.mask());
            assertEquals(hot.forward(hotBatch, true), emb.forward(batch, true), 1e-5);
            emb.backward();
            hot.backward();
            float[] g = emb.grads(), gh = hot.grads();
            for (int v = 0; v < V; v++) {
                for (int j = 0; j < D; j++) {
                    double s = 0;
                    for (int p = 0; p < P; p++) s += (double) gh[oWh + p * V + v] * w[oWx + p * D + j];
                    assertEquals(s, g[oE + v * D + j], 1e-5 * Math.max(1, Math.abs(s)), "dE[" + v + "][" + j + "]");
                }
            }
        }
    }

    // ------------------------------------------------------------------ determinism

    /** Five Adam steps (clip 1.0) on fresh id batches; returns the losses, final parameters in {@code out[0]}. */
    static double[] train(ModelConfig cfg, int threads, int vocabulary, int steps, int batchSize, float[][] out) {
        try (SequenceModel m = new SequenceModel(cfg, new SplittableRandom(51), threads)) {
            Optimizer opt = Adam.of(1e-2);
            SplittableRandom data = new SplittableRandom(52);
            double[] losses = new double[5];
            for (int step = 1; step <= 5; step++) {
                Batch batch = ids(steps, batchSize, vocabulary, cfg.outputSize(), data.nextLong());
                losses[step - 1] = m.forward(batch, true);
                m.zeroGrads();
                m.backward();
                Clip.globalNorm(m.grads(), 1.0);
                opt.update(m.params(), m.grads(), step);
            }
            out[0] = m.params().clone();
            return losses;
        }
    }

    /** Sizes where the GEMMs split over both threads (as in SequenceModelTest); dE is summed on one thread. */
    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        int vocabulary = 50;
        for (ModelConfig cfg : new ModelConfig[] {
                ModelConfig.classifier(LstmConfig.of(1, 64), 10).withEmbedding(vocabulary, 32).withLayers(2),
                ModelConfig.classifier(GruConfig.of(1, 352), 10).withEmbedding(vocabulary, 8)}) {
            float[][] p1 = new float[1][], p2 = new float[1][], p0 = new float[1][];
            double[] one = train(cfg, 1, vocabulary, 20, 8, p1);
            double[] two = train(cfg, 2, vocabulary, 20, 8, p2);
            assertArrayEquals(one, two, cfg.toString());
            assertArrayEquals(p1[0], p2[0], cfg.toString());
            try (SequenceModel fresh = new SequenceModel(cfg, new SplittableRandom(51), 1)) {
                int n = vocabulary * cfg.embedding().dimension();
                assertFalse(Arrays.equals(Arrays.copyOf(fresh.params(), n), Arrays.copyOf(p1[0], n)), "E is trained");
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void rejectsIdsThatAreNotSymbolsNamingStepAndExample() {
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(1, H), C).withEmbedding(V, D), 1)) {
            Batch good = ids(T, B, V, C, 3);
            for (float bad : new float[] {1.5f, -1f, V, Float.NaN}) {
                float[] x = good.x().clone();
                x[2 * B + 1] = bad;
                Batch batch = new Batch(T, B, 1, C, x, good.labels(), null, good.mask());
                var e = assertThrows(IllegalArgumentException.class, () -> m.forward(batch, true));
                assertTrue(e.getMessage().contains("step 2, example 1") && e.getMessage().contains("V=" + V)
                        && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            }
            float[] mask = new float[T * B];
            Arrays.fill(mask, 1f);
            Batch wide = new Batch(T, B, D, C, new float[T * B * D], good.labels(), null, mask);
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(wide, true));
            assertTrue(e.getMessage().contains("I=1") && e.getMessage().contains("symbol id"), e.getMessage());
        }
    }
}
