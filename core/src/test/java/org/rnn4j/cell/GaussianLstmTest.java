package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cell.GaussianLstm.openness;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.GaussianLstmConfig.Centres;
import org.rnn4j.cell.GaussianLstmConfig.Denominator;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.testing.GradCheck;

class GaussianLstmTest {

    // ------------------------------------------------------------------ the Gaussian gate

    /** x = 3, μ = 1, σ = 2: E = (x − μ)²/(dσ²) = 4/8 (d = 2) or 4/4 (d = 1). */
    @Test
    void theGateAndItsGradientsMatchHandValues() {
        double[] g = new double[2];
        double k = Math.exp(-0.5);
        assertEquals(k, openness(3, 1, 2, 2, g, 0), 1e-16);
        assertEquals(k * 2 * 2 / (2 * 4), g[0], 1e-16, "∂k/∂μ = k·2(x − μ)/(2σ²)");
        assertEquals(k * 2 * 4 / (2 * 8), g[1], 1e-16, "∂k/∂σ = k·2(x − μ)²/(2σ³)");
        k = Math.exp(-1);
        assertEquals(k, openness(3, 1, 2, 1, g, 0), 1e-16);
        assertEquals(k * 2 * 2 / 4, g[0], 1e-16, "d = 1: ∂k/∂μ = k·2(x − μ)/σ²");
        assertEquals(k * 2 * 4 / 8, g[1], 1e-16, "d = 1: ∂k/∂σ = k·2(x − μ)²/σ³");
        assertEquals(1.0, openness(1, 1, 2, 2, g, 0), "open at the centre");
        assertArrayEquals(new double[] {0, 0}, g, "a maximum: flat in μ and σ");
        openness(-1, 1, 2, 2, g, 0);
        assertTrue(g[0] < 0, "left of the centre k grows as μ moves left");
        // softplus and its inverse, in double
        assertEquals(Math.log(2), GaussianLstm.softplus(0), 1e-16);
        assertEquals(50 + Math.log1p(Math.exp(-50)), GaussianLstm.softplus(50), 1e-12);
        for (double s : new double[] {1e-30, 1e-3, 0.7, 25, 1e4}) {
            assertEquals(s, GaussianLstm.softplus(GaussianLstm.inverseSoftplus(s)), 1e-12 * s, "softplus⁻¹(" + s + ")");
        }
    }

    /** The gradients against central differences in double, near and far from the centre. */
    @Test
    void theGateGradientsMatchCentralDifferences() {
        double[] g = new double[2];
        double h = 1e-7;
        for (double d : new double[] {1, 2}) {
            for (double x : new double[] {0, 0.4, 2.5, 7, 13}) {
                double mu = 1.3, sigma = 1.7;
                openness(x, mu, sigma, d, g, 0);
                double fdMu = (openness(x, mu + h, sigma, d, null, 0) - openness(x, mu - h, sigma, d, null, 0)) / (2 * h);
                double fdSigma = (openness(x, mu, sigma + h, d, null, 0) - openness(x, mu, sigma - h, d, null, 0)) / (2 * h);
                assertEquals(fdMu, g[0], 1e-7 * Math.max(1e-3, Math.abs(fdMu)), "∂k/∂μ at x=" + x + ", d=" + d);
                assertEquals(fdSigma, g[1], 1e-7 * Math.max(1e-3, Math.abs(fdSigma)), "∂k/∂σ at x=" + x + ", d=" + d);
            }
        }
    }

    /**
     * The far tail: at 30σ (E = 450) float32 has k = 0 but the double gate and its derivatives are
     * the exact, finite, nonzero values (checked in log space); at 2000σ (E = 2e6) they are exactly
     * 0, not NaN; a zero width (σ = 0) gives 0 or 1 with zero derivatives, not NaN.
     */
    @Test
    void theFarTailStaysFiniteAndExact() {
        double[] g = new double[2];
        double sigma = 0.5, mu = 2, x = mu + 30 * sigma, E = 450;
        double k = openness(x, mu, sigma, 2, g, 0);
        assertEquals(0f, (float) Math.exp(-E), "float32 underflows here");
        assertEquals(0f, (float) k, "so does the k the state blend uses");
        assertTrue(k > 0, "the double gate does not");
        assertEquals(-E, Math.log(k), 1e-9);
        assertEquals(-E + Math.log(2 * 30 / (2 * sigma)), Math.log(g[0]), 1e-9, "∂k/∂μ = k·2r/(dσ), r = 30");
        assertEquals(-E + Math.log(2 * E / sigma), Math.log(g[1]), 1e-9, "∂k/∂σ = k·2E/σ");
        openness(mu - 30 * sigma, mu, sigma, 2, g, 0);
        assertTrue(g[0] < 0 && g[1] > 0, "signs on the left side");
        assertEquals(0.0, openness(mu + 2000 * sigma, mu, sigma, 2, g, 0));
        assertArrayEquals(new double[] {0, 0}, g, "beyond double's range: exact zeros");
        assertEquals(0.0, openness(3, 2, 0, 2, g, 0));
        assertArrayEquals(new double[] {0, 0}, g);
        assertEquals(1.0, openness(2, 2, 0, 2, g, 0));
        assertArrayEquals(new double[] {0, 0}, g);
        assertEquals(0.0, openness(3, 2, GaussianLstm.softplus(-800), 2, null, 0), "ρ = −800: σ = 0 in double");
    }

    /**
     * The far tail through the whole cell: one step, one example, H = 1, the window at E = 95
     * (k ≈ 5.5e-42: a float32 subnormal with 15 bits). The μ and ρ gradients are formed from the
     * double k and rounded once: nonzero, and their ratio is the exact r·sigmoid(ρ) (dk cancels,
     * dρ/dμ = (2E/σ)·sigmoid(ρ)/(2r/(dσ))); at E = 110 the blend's k is 0 in float, the state is kept
     * bit for bit and the gradients are exact zeros (their true size, ~1e-46, is below float32).
     */
    @Test
    void theFarTailThroughTheCellGivesNonzeroGradientsWithTheExactRatio() {
        float rho = 0.3f;
        double sigma = GaussianLstm.softplus(rho);
        for (double E : new double[] {95, 110}) {
            double r = Math.sqrt(2 * E);                                       // d = 2, x = 0
            float mu = (float) (-r * sigma);
            r = -mu / sigma;                                                   // as stored
            GaussianLstmConfig c = GaussianLstmConfig.of(2, 1, 4);
            float[] w = PhasedLstmTest.params(c, 1);
            w[PhasedLstmTest.offset(c, "mu")] = mu;
            w[PhasedLstmTest.offset(c, "rho")] = rho;
            float[] dw = new float[w.length];
            GaussianLstm cell = new GaussianLstm(c);
            cell.bind(w, dw, 0);
            float[] z = {0.3f, -0.2f, 0.5f, 0.1f}, states = {0.4f, -0.6f, 0, 0}, cache = new float[4];
            float[] dNext = {1f, -0.7f}, dPrev = new float[2];
            try (Compute compute = Compute.create(1)) {
                cell.timestamps(null, 0, 0);
                cell.prepare(compute, new Cell.Sequence(1, 1, z, states, cache), true);
                cell.forward(0);
                cell.backward(0, dNext, dPrev);
                cell.finishBackward();
            }
            float dMu = dw[PhasedLstmTest.offset(c, "mu")], dRho = dw[PhasedLstmTest.offset(c, "rho")];
            double k = Math.exp(-r * r / 2);
            assertEquals((float) k, cache[0], "k in float: " + (E < 100 ? "a subnormal" : "0"));
            if (E < 100) {
                assertTrue(dMu != 0 && dRho != 0, "far-tail gradients survive: " + dMu + ", " + dRho);
                assertTrue(Math.abs(dMu) < 1e-38, "and are subnormal floats: " + dMu);
                double sig = 1 / (1 + Math.exp(-rho));
                assertEquals(r * sig, dRho / (double) dMu, 2e-3 * r * sig, "dρ/dμ = r·sigmoid(ρ)");
            } else {
                assertEquals(0f, cache[0]);
                assertEquals(Float.floatToRawIntBits(0.4f), Float.floatToRawIntBits(states[2]), "h kept");
                assertEquals(Float.floatToRawIntBits(-0.6f), Float.floatToRawIntBits(states[3]), "c kept");
                assertEquals(0f, dMu);
                assertEquals(0f, dRho);
            }
        }
    }

    /** A periodic gate reads t mod τ: steps τ apart see the same k. */
    @Test
    void aPeriodicGateRepeatsEveryPeriod() {
        int I = 2, H = 4, B = 1, T = 12;
        GaussianLstmConfig c = GaussianLstmConfig.of(I, H, 100).withPeriod(4).withCentres(Centres.SPACED).withWidthInit(0.25);
        GaussianLstm cell = new GaussianLstm(c);
        float[] w = PhasedLstmTest.params(c, 2);
        cell.bind(w, new float[w.length], 0);
        float[] z = new float[T * B * 4 * H], states = new float[(T + 1) * B * 2 * H], cache = new float[T * B * 4 * H];
        try (Compute compute = Compute.create(1)) {
            cell.timestamps(null, 0, 3);
            cell.prepare(compute, new Cell.Sequence(T, B, z, states, cache), false);
            for (int t = 0; t < T; t++) cell.forward(t);
        }
        int mu = PhasedLstmTest.offset(c, "mu");
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, Arrays.copyOfRange(w, mu, mu + H), "spaced over [0, τ]");
        for (int t = 0; t + 4 < T; t++) {
            for (int j = 0; j < H; j++) {
                assertEquals(cache[t * 4 * H + j], cache[(t + 4) * 4 * H + j], "k at t and t + τ, unit " + j);
            }
        }
        double x = (3 + 1) % 4;                                                        // step 1 has time 4 → 0
        assertEquals((float) Math.exp(-Math.pow(x - 0.5, 2) / (2 * 1.0)), cache[4 * H], 1e-7f, "unit 0 at step 1");
    }

    // ------------------------------------------------------------------ the cell

    /** μ spread over the 5 steps, σ = 0.3·5: the gates are partly open everywhere. */
    @Test
    void backwardMatchesFiniteDifferences() {
        GaussianLstmConfig c = GaussianLstmConfig.of(3, 5, 5).withWidthInit(0.3);
        GradCheck.cell(new GaussianLstm(c), 2, 5).assertMaxRelError(5e-3);
        GradCheck.cell(new GaussianLstm(c.withDenominator(Denominator.SIGMA_SQUARED).withCentres(Centres.SPACED)), 3, 4)
                .assertMaxRelError(5e-3);
        GradCheck.cell(new GaussianLstm(c.withPeriod(3)), 2, 6).assertMaxRelError(5e-3);
        GradCheck.cell(new GaussianLstm(c.withTimeUnit(5)), 2, 5).assertMaxRelError(5e-3);    // μ, σ in units of 5 steps
        GradCheck.cell(new GaussianLstm(c.withPeriod(3).withTimeUnit(0.5)), 2, 6).assertMaxRelError(5e-3);
    }

    /**
     * A time unit U: the centres start over [0, L/U] and σ₀ = widthInit·L/U, and the cell reads t/U,
     * so its states are those of the unit-1 cell whose μ and σ are U times larger (to rounding).
     */
    @Test
    void aTimeUnitRescalesTheGateAxis() {
        double U = 8, T = 40;
        GaussianLstmConfig steps = GaussianLstmConfig.of(2, 5, T).withWidthInit(0.2), units = steps.withTimeUnit(U);
        float[] wu = PhasedLstmTest.params(units, 3), ws = PhasedLstmTest.params(steps, 3);
        int mu = PhasedLstmTest.offset(units, "mu"), rho = PhasedLstmTest.offset(units, "rho");
        for (int j = 0; j < 5; j++) {
            assertTrue(wu[mu + j] >= 0 && wu[mu + j] < T / U, "μ in [0, T/U): " + wu[mu + j]);
            assertEquals(0.2 * T / U, GaussianLstm.softplus(wu[rho + j]), 1e-6, "σ₀ = 0.2·T/U");
            assertEquals(ws[mu + j] / U, wu[mu + j], 1e-5, "the same draw, in units of U");
        }
        GaussianLstm a = new GaussianLstm(units), b = new GaussianLstm(steps);
        float[] pa = wu.clone(), pb = wu.clone();
        for (int j = 0; j < 5; j++) {                                     // b: the same gate in steps
            pb[mu + j] = (float) (U * pa[mu + j]);
            pb[rho + j] = (float) GaussianLstm.inverseSoftplus(U * GaussianLstm.softplus(pa[rho + j]));
        }
        float[] sa = PhasedLstmTest.runWith(a, pa, 2, 12), sb = PhasedLstmTest.runWith(b, pb, 2, 12);
        assertArrayEquals(sb, sa, 1e-5f);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> steps.withTimeUnit(0));
        assertEquals("timeUnit U must be a finite number > 0, got 0.0", e.getMessage());
    }

    @Test
    void givenTimestampsBackwardMatchesFiniteDifferences() {
        int B = 2, T = 5;
        float[] times = PhasedLstmTest.asyncTimes(B, T, 4);
        GaussianLstmConfig c = GaussianLstmConfig.of(3, 5, 5).withWidthInit(0.3).withTimestamps(Timestamps.GIVEN);
        GradCheck.cellWithTimes(new GaussianLstm(c), B, T, 1e-2, 42, times, false).assertMaxRelError(5e-3);
    }

    /** The initial centres and widths: ranges, the poor start, the same draw for the same seed. */
    @Test
    void theInitialisersSpreadTheCentresOrPutThemAtZero() {
        int H = 400;
        double T = 250;
        GaussianLstmConfig c = GaussianLstmConfig.of(2, H, T);
        float[] w = PhasedLstmTest.params(c, 1);
        int mu = PhasedLstmTest.offset(c, "mu"), rho = PhasedLstmTest.offset(c, "rho");
        double sum = 0;
        for (int j = 0; j < H; j++) {
            assertTrue(w[mu + j] >= 0 && w[mu + j] < T, "μ in [0, T): " + w[mu + j]);
            assertEquals(0.1 * T, GaussianLstm.softplus(w[rho + j]), 1e-5 * T, "σ₀ = 0.1·T");
            sum += w[mu + j];
        }
        assertEquals(T / 2, sum / H, 0.05 * T, "uniform over [0, T]: mean T/2");
        assertArrayEquals(w, PhasedLstmTest.params(c, 1), "same seed, same draw");
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(w, mu, mu + H)),
                Arrays.toString(Arrays.copyOfRange(PhasedLstmTest.params(c, 2), mu, mu + H)), "another seed, other centres");

        float[] spaced = PhasedLstmTest.params(c.withCentres(Centres.SPACED), 1);
        for (int j = 0; j < H; j++) assertEquals((float) ((j + 0.5) * T / H), spaced[mu + j], "evenly spaced");

        GaussianLstmConfig poor = c.withCentres(Centres.ZERO).withWidthInit(1e-3);
        float[] p = PhasedLstmTest.params(poor, 1);
        for (int j = 0; j < H; j++) {
            assertEquals(0f, p[mu + j], "poor start: μ = 0");
            assertEquals(0.25, GaussianLstm.softplus(p[rho + j]), 1e-6, "poor start: σ = 1e-3·T");
        }
        assertEquals(40.0, c.withPeriod(400).initialWidth(), 1e-12, "with a period the span is τ");
    }

    @Test
    void givenTimestampsAreRequired() {
        GaussianLstmConfig c = GaussianLstmConfig.of(3, 4, 10).withTimestamps(Timestamps.GIVEN);
        var e = assertThrows(IllegalArgumentException.class, () -> PhasedLstmTest.run(c, 0, null, 2, 3));
        assertEquals("the g-LSTM reads the data's timestamps (timestamps = GIVEN): the batch must carry times [T, B]",
                e.getMessage());
        float[] times = {0, 0, 1, 1, 2, 2};
        assertArrayEquals(PhasedLstmTest.run(c.withTimestamps(Timestamps.STEP), 0, null, 2, 3),
                PhasedLstmTest.run(c, 0, times, 2, 3), "times 0, 1, 2 = the step index");
    }

    @Test
    void configRejectsBadValues() {
        GaussianLstmConfig c = GaussianLstmConfig.of(3, 4, 10);
        assertEquals("horizon T must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> c.withHorizon(0)).getMessage());
        assertEquals("widthInit must be a finite number > 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> c.withWidthInit(-0.1)).getMessage());
        assertEquals("period τ must be a finite number > 0, got Infinity",
                assertThrows(IllegalArgumentException.class, () -> c.withPeriod(Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("the initial width σ = widthInit·L/U must be in (0, 1e30), got 1.0E31",
                assertThrows(IllegalArgumentException.class, () -> c.withWidthInit(1e30)).getMessage());
    }
}
