package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;

/**
 * The whole-graph state gradients that {@link RecurrentLayer#recordStateGradients} records for cells
 * whose new state blocks feed each other within a step, checked against an identity of the layer's
 * own parameter gradient (which does not go through the analysis sink):
 * <ul>
 *   <li>NRU (reference preset, no LayerNorm): h = ReLU(a) and a's bias is {@code bx}, so
 *       {@code dbx_j = Σ_t Σ_b [h_t > 0]·∂L/∂h_t} with the TOTAL ∂L/∂h_t, which includes the path
 *       h_t → heads → m_t of the same step;</li>
 *   <li>SRU with α = 0 among its rates: μ^(0)_t = φ_t = ReLU(zφ) and zφ's bias is {@code bx}, so
 *       {@code dbx_j = Σ_t Σ_b [φ_t > 0]·Σ_k (1 − α_k)·∂L/∂μ^(α_k)_t} with the TOTAL ∂L/∂μ_t, which
 *       includes μ_t → h_t.</li>
 * </ul>
 * Without the in-step paths both sides differ (checked: the in-step term is not negligible).
 */
class InStepStateGradientTest {
    static final int I = 3, B = 2, T = 4;

    record Run(float[] sink, float[] states, float[] dw, float[] w, int bxOff) {}

    static Run run(Cell cell, long seed) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("c", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()], dw = new float[layout.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        layout.initialize(w, rng);
        for (int i = 0; i < w.length; i++) w[i] *= 2f;                    // livelier units, fewer dead ReLUs
        int H = cell.hiddenSize(), S = cell.stateSize();
        float[] x = uniform(rng, T * B * I), s0 = uniform(rng, B * S), g = uniform(rng, T * B * H), gS = uniform(rng, B * S);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        float[] sink = new float[T * B * S];
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, s0, true);
            float[] states = layer.states().clone();
            layer.recordStateGradients(sink);
            layer.backward(compute, g, gS, null, 0, I, null);
            return new Run(sink, states, dw, w, layout.offset("c.bx"));
        }
    }

    @Test
    void nruHiddenGradientIncludesTheMemoryWriteOfTheSameStep() {
        Nru cell = new Nru(NruConfig.reference(I, 5, 16, 4));
        Run r = run(cell, 3);
        int H = 5, S = cell.stateSize();
        double worst = 0, inStep = 0;
        for (int j = 0; j < H; j++) {
            double sum = 0;
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    int row = (t * B + b) * S, st = ((t + 1) * B + b) * S;
                    if (r.states()[st + j] > 0) sum += r.sink()[row + j];
                }
            }
            worst = Math.max(worst, Math.abs(sum - r.dw()[r.bxOff() + j]) / Math.max(1e-3, Math.abs(sum)));
            inStep += Math.abs(sum);
        }
        assertTrue(worst < 1e-4, "dbx vs Σ mask·∂L/∂h_t: relative error " + worst);
        assertTrue(inStep > 1e-2, "the check must see gradient");
    }

    @Test
    void sruStatisticsGradientIncludesTheOutputOfTheSameStep() {
        double[] alphas = {0, 0.5, 0.9};
        Sru cell = new Sru(SruConfig.of(I, 4).withPhiSize(5).withRSize(2).withAlphas(alphas));
        Run r = run(cell, 5);
        int H = 4, F = 5, S = cell.stateSize();
        double worst = 0;
        for (int j = 0; j < F; j++) {
            double sum = 0;
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    int row = (t * B + b) * S, st = ((t + 1) * B + b) * S;
                    if (r.states()[st + H + j] > 0) {                            // φ_t = μ^(0)_t
                        for (int k = 0; k < alphas.length; k++) sum += (1 - alphas[k]) * r.sink()[row + H + k * F + j];
                    }
                }
            }
            worst = Math.max(worst, Math.abs(sum - r.dw()[r.bxOff() + j]) / Math.max(1e-3, Math.abs(sum)));
        }
        assertTrue(worst < 1e-4, "dbx vs Σ mask·Σ_k (1 − α_k)·∂L/∂μ_t: relative error " + worst);
    }

    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }
}
