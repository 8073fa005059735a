package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.param.TimeScales;
import org.rnn4j.param.TimeScales.Constant;
import org.rnn4j.param.TimeScales.LogUniform;
import org.rnn4j.param.TimeScales.Mapping;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.Trainer;

/**
 * The time-scale initialisation ({@link TimeScales}) as each gated cell wires it: which bias
 * blocks get {@code +b(T)}, {@code −b(T)} or 0, with the same signs as chrono, and which entries
 * {@code freeze} marks. (Kept out of the per-cell test classes: one feature across five cells.)
 */
class TimeScaleCellsTest {
    static final int I = 3;
    static final TimeScales LOG_UNIFORM = TimeScales.of(new LogUniform(2, 500));

    static float[] fill(ParamSpec spec, long seed) {
        float[] a = new float[spec.size()];
        Arrays.fill(a, 7f);
        spec.init().fill(a, 0, spec.rows(), spec.cols(), new SplittableRandom(seed));
        return a;
    }

    /** T_j read back from a keeping gate's float bias under EXACT: inside [2, 500] up to the float rounding of b. */
    static void assertTimeScaleInRange(float b, String what) {
        double t = Mapping.EXACT.timeScale(b);
        assertTrue(t >= 2 * (1 - 1e-5) && t <= 500 * (1 + 1e-5), what + ": T = " + t);
    }

    @Test
    void lstmInputBiasIsMinusTheForgetBiasAndFreezeMarksBoth() {
        int H = 40;
        for (boolean freeze : new boolean[] {false, true}) {
            List<ParamSpec> p = new Lstm(LstmConfig.of(I, H).withTimeScales(LOG_UNIFORM.withFreeze(freeze))).params();
            float[] b = fill(p.get(1), 3);
            for (int j = 0; j < H; j++) {
                assertTimeScaleInRange(b[H + j], "b_f of unit " + j);
                assertEquals(-b[H + j], b[j], 0f, "b_i = −b_f");
                assertEquals(0f, b[2 * H + j], "b_g");
                assertEquals(0f, b[3 * H + j], "b_o");
            }
            assertFalse(b[H] == b[H + 1] && b[H] == b[H + 2], "one draw per unit");
            assertArrayEquals(freeze ? new int[] {0, 2 * H} : new int[0], p.get(1).frozen(), "b_i and b_f frozen");
            for (int i : new int[] {0, 2}) assertEquals(0, p.get(i).frozenCount(), p.get(i).name());
        }
        assertArrayEquals(fill(new Lstm(LstmConfig.of(I, H).withTimeScales(LOG_UNIFORM)).params().get(1), 3),
                fill(new Lstm(LstmConfig.of(I, H).withTimeScales(LOG_UNIFORM)).params().get(1), 3), "same seed, same biases");
        var peep = new Lstm(LstmConfig.of(I, H).withPeepholes(true).withTimeScales(LOG_UNIFORM.withFreeze(true))).params();
        for (int i = 3; i < 6; i++) assertEquals(0, peep.get(i).frozenCount(), "peepholes train");
    }

    /** Chrono's signs: with the CHRONO mapping a constant T = 11 gives exactly chrono's draw T_c = 10 (b = log 10). */
    @Test
    void theChronoMappingReproducesChronoSignsInEveryCell() {
        var ten = new TimeScales(new Constant(11), Mapping.CHRONO, false);
        float log10 = (float) Math.log(10);
        int H = 4;
        float[] lstm = fill(new Lstm(LstmConfig.of(I, H).withTimeScales(ten)).params().get(1), 1);
        float[] janet = fill(new Janet(JanetConfig.of(I, H).withTimeScales(ten)).params().get(1), 1);
        float[] gru = fill(new Gru(GruConfig.of(I, H).withTimeScales(ten)).params().get(1), 1);
        float[] leaky = fill(new LeakyRnn(LeakyRnnConfig.of(I, H).withTimeScales(ten)).params().get(3), 1);
        float[] gated = fill(new GatedRnn(GatedRnnConfig.of(I, H).withTimeScales(ten)).params().get(1), 1);
        for (int j = 0; j < H; j++) {
            assertEquals(-log10, lstm[j], "lstm b_i");
            assertEquals(log10, lstm[H + j], "lstm b_f");
            assertEquals(log10, janet[j], "janet b_f");
            assertEquals(log10, gru[H + j], "gru b_z: z keeps hPrev");
            assertEquals(-log10, leaky[j], "leaky a: α writes the new value");
            assertEquals(-log10, gated[j], "gated b_g");
        }
        // and chrono itself, for the record: the same roles
        float[] chrono = fill(new Gru(GruConfig.of(I, 50).withChrono(20, Sampling.CONTINUOUS)).params().get(1), 1);
        for (int j = 0; j < 50; j++) assertTrue(chrono[50 + j] >= 0, "chrono b_z = +log T ≥ 0");
    }

    @Test
    void gruPutsTheBiasInTheUpdateGateAndFreezesItInBothBiases() {
        int H = 30;
        for (boolean resetAfter : new boolean[] {true, false}) {
            List<ParamSpec> p = new Gru(GruConfig.of(I, H).withResetAfter(resetAfter)
                    .withTimeScales(LOG_UNIFORM.withFreeze(true))).params();
            float[] bx = fill(p.get(1), 5);
            for (int j = 0; j < H; j++) {
                assertEquals(0f, bx[j], "b_r");
                assertTimeScaleInRange(bx[H + j], "b_z");                // z = σ(b_z) = e^(−1/T) keeps hPrev
                assertEquals(0f, bx[2 * H + j], "b_n");
            }
            assertArrayEquals(new int[] {H, 2 * H}, p.get(1).frozen(), "bx_z frozen");
            if (resetAfter) {
                for (float v : fill(p.get(3), 5)) assertEquals(0f, v, "bh all 0");
                assertArrayEquals(new int[] {H, 2 * H}, p.get(3).frozen(), "bh_z frozen too: b_z + bh_z stays put");
            } else {
                assertEquals(3, p.size(), "one bias");
            }
        }
    }

    @Test
    void janetLeakyAndGatedSetTheirGateAndFreezeOnlyIt() {
        int H = 30;
        var frozen = LOG_UNIFORM.withFreeze(true);
        List<ParamSpec> janet = new Janet(JanetConfig.of(I, H).withTimeScales(frozen)).params();
        float[] bj = fill(janet.get(1), 2);
        for (int j = 0; j < H; j++) {
            assertTimeScaleInRange(bj[j], "janet b_f");
            assertEquals(0f, bj[H + j], "janet b_c");
        }
        assertArrayEquals(new int[] {0, H}, janet.get(1).frozen());

        List<ParamSpec> leaky = new LeakyRnn(LeakyRnnConfig.of(I, H).withTimeScales(frozen)).params();
        float[] a = fill(leaky.get(3), 2);
        for (int j = 0; j < H; j++) assertTimeScaleInRange(-a[j], "leaky: the retention 1 − α = σ(−a)");
        assertArrayEquals(new int[] {0, H}, leaky.get(3).frozen());
        assertEquals(0, leaky.get(1).frozenCount(), "bx trains");

        List<ParamSpec> gated = new GatedRnn(GatedRnnConfig.of(I, H).withTimeScales(frozen)).params();
        float[] bg = fill(gated.get(1), 2);
        for (int j = 0; j < H; j++) {
            assertTimeScaleInRange(-bg[j], "gated: 1 − σ(b_g)");
            assertTrue(Math.abs(bg[H + j]) <= 1 / Math.sqrt(H), "b_c keeps U(±1/√H): " + bg[H + j]);
        }
        assertArrayEquals(new int[] {0, H}, gated.get(1).frozen(), "b_g only");
    }

    @Test
    void timeScalesExcludeChronoAndTheForgetBiasAndSurviveWithInputSize() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LstmConfig.of(I, 4).withChrono(10, Sampling.CONTINUOUS).withTimeScales(LOG_UNIFORM));
        assertEquals("timeScales and chrono both set the forget bias; choose one", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withForgetBias(1));
        assertEquals("timeScales and forgetBias both set the forget bias; choose one", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GruConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withChrono(10, Sampling.CONTINUOUS));
        assertEquals("timeScales and chrono both set the update-gate bias; choose one", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JanetConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withChrono(5, Sampling.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> LeakyRnnConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withChrono(5, Sampling.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> GatedRnnConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withChrono(5, Sampling.INTEGER));
        assertEquals(LOG_UNIFORM, LstmConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withInputSize(9).timeScales().orElseThrow());
        assertEquals(LOG_UNIFORM, GruConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withResetAfter(false).timeScales().orElseThrow());
        assertEquals(LOG_UNIFORM, JanetConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withBeta(1).timeScales().orElseThrow());
        assertEquals(LOG_UNIFORM, LeakyRnnConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withInputSize(2).timeScales().orElseThrow());
        assertEquals(LOG_UNIFORM, GatedRnnConfig.of(I, 4).withTimeScales(LOG_UNIFORM).withInputSize(2).timeScales().orElseThrow());
    }

    /**
     * The 512 time scales {@code T_j = −1/ln σ(b_f)} of a log-uniformly initialised LSTM (built as
     * a model, from a run seed) follow the target law {@code F(T) = ln(T/2)/ln(500/2)}: the
     * Kolmogorov–Smirnov distance stays below {@code 1.95/√n = 0.086}, the asymptotic critical value
     * at level 0.001 (P(√n·D &gt; 1.95) ≈ 2·e^(−2·1.95²) = 0.001 under the law), so a correct
     * implementation fails for about one seed in a thousand and this fixed seed is checked once. The
     * float rounding of b moves each T by about 1e−7 relative, far below. As a check of power, the
     * same draws read against a uniform law of T on [2, 500] are rejected (for this seed D = 0.54;
     * against the log-uniform law D = 0.034).
     */
    @Test
    void logUniformLstmTimeScalesPassAKolmogorovSmirnovTest() {
        int n = 512;
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, n).withTimeScales(LOG_UNIFORM), 2);
        double[] t = new double[n];
        try (SequenceModel m = new SequenceModel(cfg, Trainer.initRandom(5), 1)) {
            int bx = m.layout().offset("layer0.bx");
            for (int j = 0; j < n; j++) {
                float bf = m.params()[bx + n + j];
                assertEquals(-bf, m.params()[bx + j], 0f, "b_i = −b_f");
                t[j] = -1 / Math.log(1 / (1 + Math.exp(-(double) bf)));       // −1/ln σ(b_f), as the brief reads it
            }
        }
        Arrays.sort(t);
        double dLog = 0, dUniform = 0;
        for (int j = 0; j < n; j++) {
            double fLog = Math.log(t[j] / 2) / Math.log(250), fUni = (t[j] - 2) / 498;
            dLog = Math.max(dLog, Math.max(Math.abs(fLog - (double) j / n), Math.abs(fLog - (j + 1.0) / n)));
            dUniform = Math.max(dUniform, Math.max(Math.abs(fUni - (double) j / n), Math.abs(fUni - (j + 1.0) / n)));
        }
        double bound = 1.95 / Math.sqrt(n);
        assertTrue(t[0] >= 2 * (1 - 1e-5) && t[n - 1] <= 500 * (1 + 1e-5), t[0] + ".." + t[n - 1]);
        assertTrue(dLog < bound, "KS distance to the log-uniform law: " + dLog + " >= " + bound);
        assertTrue(dUniform > bound, "a uniform law of T must be rejected: " + dUniform);
    }

    @Test
    void withTheFastGateTheKeepingGatesStartAtTheSameTimeScales() {
        // The fast gate stores asinh(b) for the keeping gate's bias, so φ(asinh b) = σ(b): the same
        // initial time scales as the sigmoid cell; the LSTM's input bias (a sigmoid gate) is −b as is.
        final int H = 8;
        float[] sig = fill(new Lstm(LstmConfig.of(I, H).withTimeScales(LOG_UNIFORM)).params().get(1), 4);
        float[] fast = fill(new Lstm(LstmConfig.of(I, H).withTimeScales(LOG_UNIFORM).withForgetGate(GateFunction.FAST))
                .params().get(1), 4);
        for (int j = 0; j < H; j++) {
            assertEquals(sig[j], fast[j], "b_i unchanged, unit " + j);
            assertEquals(1 / (1 + Math.exp(-sig[H + j])), GateFunction.FAST.value(fast[H + j]), 1e-6, "φ(asinh b) = σ(b), unit " + j);
        }
        float[] gs = fill(new Gru(GruConfig.of(I, H).withTimeScales(LOG_UNIFORM)).params().get(1), 4);
        float[] gf = fill(new Gru(GruConfig.of(I, H).withTimeScales(LOG_UNIFORM).withForgetGate(GateFunction.FAST)).params().get(1), 4);
        for (int j = 0; j < H; j++) {
            assertEquals(1 / (1 + Math.exp(-gs[H + j])), GateFunction.FAST.value(gf[H + j]), 1e-6, "GRU b_z, unit " + j);
        }
    }
}
