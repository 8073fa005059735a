package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.GaussianLstmConfig.Centres;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.testing.GradCheck;

/** The g-LSTM's compute budget B, its gradient and the update counting ({@link GateBudget}). */
class GaussianLstmBudgetTest {

    /** One forward pass of a layer of {@code c} over x ~ U(−1, 1) [T, B, I]; returns the layer. */
    private static RecurrentLayer forward(RecurrentLayer layer, Compute compute, GaussianLstmConfig c, float[] x,
                                          int T, int B, float[] times) {
        layer.forward(compute, x, 0, c.inputSize(), T, B, null, true, times, 0);
        return layer;
    }

    /** λ·∂B/∂θ against central differences of λ·B: μ and ρ get it, every other block exactly 0. */
    private static void checkBudgetGradient(GaussianLstmConfig c, int T, int B, float[] times) {
        double lambda = 50;
        float[] w = PhasedLstmTest.params(c, 7);
        float[] dw = new float[w.length];
        float[] x = new float[T * B * c.inputSize()];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        GaussianLstm cell = new GaussianLstm(c);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        try (Compute compute = Compute.create(1)) {
            forward(layer, compute, c, x, T, B, times);
            cell.addBudgetGradient(lambda);
            int mu = PhasedLstmTest.offset(c, "mu"), rho = PhasedLstmTest.offset(c, "rho"), H = c.hiddenSize();
            for (int i = 0; i < w.length; i++) {
                if (i < mu) assertEquals(0f, dw[i], "only μ and ρ carry the budget's gradient: entry " + i);
            }
            double largest = 0;
            for (int j = 0; j < H; j++) largest = Math.max(largest, Math.max(Math.abs(dw[mu + j]), Math.abs(dw[rho + j])));
            assertTrue(largest > 0.05, "the check compares gradients above the harness's floor: " + largest);
            GradCheck.function(w, dw, 1e-2, () -> {
                forward(layer, compute, c, x, T, B, times);
                return lambda * cell.budget();
            }).assertMaxRelError(5e-3);
        }
    }

    @Test
    void budgetGradientMatchesFiniteDifferences() {
        GaussianLstmConfig c = GaussianLstmConfig.of(3, 4, 6).withWidthInit(0.2);
        checkBudgetGradient(c, 6, 2, null);
        checkBudgetGradient(c.withPeriod(3).withCentres(Centres.SPACED), 7, 2, null);
    }

    /** With given times k differs per example: the mean (and its gradient) runs over b too. */
    @Test
    void givenTimestampsBudgetGradientMatchesFiniteDifferences() {
        int B = 3, T = 5;
        GaussianLstmConfig c = GaussianLstmConfig.of(2, 4, 5).withWidthInit(0.2).withTimestamps(Timestamps.GIVEN);
        checkBudgetGradient(c, T, B, PhasedLstmTest.asyncTimes(B, T, 4));
    }

    /**
     * A constructed gate, T = 10 steps (times 0..9), σ = 1 (d = 2): k &gt; 0.01 ⇔ |t − μ| &lt; σ·√(2 ln 100)
     * ≈ 3.03. Unit 0, μ = 0: t = 0..3 (4 steps); unit 1, μ = 5: t = 2..8 (7); unit 2, μ = 100: none;
     * unit 3, σ = 10⁴: all 10. So 21 of the 40 unit-steps of each example are updates; and B is the
     * mean of the gate values in closed form.
     */
    @Test
    void updatesAreCountedAboveTheThreshold() {
        int T = 10, B = 2, H = 4;
        GaussianLstmConfig c = GaussianLstmConfig.of(2, H, T);
        float[] w = PhasedLstmTest.params(c, 1);
        int mu = PhasedLstmTest.offset(c, "mu"), rho = PhasedLstmTest.offset(c, "rho");
        float[] mus = {0, 5, 100, 4}, sigmas = {1, 1, 1, 1e4f};
        for (int j = 0; j < H; j++) {
            w[mu + j] = mus[j];
            w[rho + j] = (float) GaussianLstm.inverseSoftplus(sigmas[j]);
        }
        GaussianLstm cell = new GaussianLstm(c);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, new float[w.length], 0);
        double expected = 0;
        for (int t = 0; t < T; t++) {
            for (int j = 0; j < H; j++) {
                double s = GaussianLstm.softplus(w[rho + j]), r = (t - w[mu + j]) / s;
                expected += Math.exp(-r * r / 2);
            }
        }
        expected /= T * H;
        try (Compute compute = Compute.create(1)) {
            forward(layer, compute, c, new float[T * B * 2], T, B, null);
            assertEquals(21.0 / 40, cell.updatedFraction(), 0, "updated fraction at ε = 0.01");
            assertEquals(expected, cell.budget(), 1e-7, "B = mean k");
            GaussianLstm strict = new GaussianLstm(c.withUpdateThreshold(0.5));     // |t − μ| < 1.18: 2 + 3 + 0 + 10
            RecurrentLayer layer2 = new RecurrentLayer(strict);
            layer2.bind(w, new float[w.length], 0);
            forward(layer2, compute, c, new float[T * B * 2], T, B, null);
            assertEquals(15.0 / 40, strict.updatedFraction(), 0, "updated fraction at ε = 0.5");
        }
    }

    @Test
    void configRejectsBadLambdaAndThreshold() {
        GaussianLstmConfig c = GaussianLstmConfig.of(2, 3, 10);
        assertEquals(0, c.budgetLambda(), "no term by default");
        assertEquals(0.01, c.updateThreshold());
        for (double bad : new double[] {-1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withBudgetLambda(bad));
            assertTrue(e.getMessage().contains("budgetLambda"), e.getMessage());
        }
        for (double bad : new double[] {0, 1, -0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withUpdateThreshold(bad));
            assertTrue(e.getMessage().contains("updateThreshold ε must be in (0, 1)"), e.getMessage());
        }
        assertEquals(0.5, c.withBudgetLambda(0.5).withHorizon(20).budgetLambda(), "copies keep λ");
    }
}
