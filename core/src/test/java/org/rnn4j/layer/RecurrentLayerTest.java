package org.rnn4j.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.cell.Cell;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.ElmanConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.JanetConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.kernel.Compute;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;

class RecurrentLayerTest {
    static final int I = 3, H = 5, B = 2, T = 4;

    static Stream<CellConfig> cells() {
        return Stream.of(LstmConfig.of(I, H), LstmConfig.of(I, H).withPeepholes(true), GruConfig.of(I, H),
                ElmanConfig.of(I, H), ElmanConfig.of(I, H).withLayerNorm(true), JanetConfig.of(I, H).withBeta(1.0),
                org.rnn4j.cell.NruConfig.reference(I, H, 9, 4), org.rnn4j.cell.NruConfig.paper(I, H, 9, 2).withLayerNorm(true),
                org.rnn4j.cell.EurnnConfig.of(I, H), org.rnn4j.cell.GoruConfig.of(I, H),
                org.rnn4j.cell.LeakyRnnConfig.of(I, H).withChrono(10, org.rnn4j.param.Init.Chrono.Sampling.CONTINUOUS),
                org.rnn4j.cell.GatedRnnConfig.of(I, H).withChrono(10, org.rnn4j.param.Init.Chrono.Sampling.CONTINUOUS),
                org.rnn4j.cell.PhasedLstmConfig.of(I, H).withPeriods(2, 4).withShiftMax(5).withOpenRatio(0.6),
                org.rnn4j.cell.GaussianLstmConfig.of(I, H, T).withWidthInit(0.2));
    }

    /** Streaming one step at a time (weights packed once) gives the states of a whole-sequence forward. */
    @ParameterizedTest
    @MethodSource("cells")
    void streamingStepByStepEqualsTheSequenceForward(CellConfig cfg) {
        for (int in : new int[] {I, 20}) {                                    // the loop and the GEMM input path
            CellConfig c = cfg.withInputSize(in);
            Cell cell = c.create();
            int S = cell.stateSize();
            float[][] p = bind(cell, 6);
            RecurrentLayer layer = new RecurrentLayer(cell);
            layer.bind(p[0], p[1], 0);
            SplittableRandom rng = new SplittableRandom(21);
            float[] x = uniform(rng, T * B * in), s0 = uniform(rng, B * S);
            try (Compute compute = Compute.create(1)) {
                layer.forward(compute, x, 0, in, T, B, s0, false);
                float[] whole = layer.states().clone();
                float[] state = s0.clone();
                layer.startStream(compute, B);
                for (int t = 0; t < T; t++) {
                    layer.streamStep(x, t * B * in, state);
                    for (int k = 0; k < B * S; k++) {
                        float e = whole[(t + 1) * B * S + k];
                        assertEquals(e, state[k], 1e-5f * (1 + Math.abs(e)), c + " step " + t + " [" + k + "]");
                    }
                }
            }
        }
    }

    /**
     * A time-gated cell that reads given timestamps streams with them: each step's times [B] give
     * the states of a whole-sequence forward with times [T, B]; without times it is refused.
     */
    @Test
    void streamingWithGivenTimesEqualsTheSequenceForward() {
        CellConfig cfg = org.rnn4j.cell.PhasedLstmConfig.of(I, H).withPeriods(2, 4).withShiftMax(5).withOpenRatio(0.6)
                .withTimestamps(org.rnn4j.cell.Timestamps.GIVEN);
        Cell cell = cfg.create();
        int S = cell.stateSize();
        float[][] p = bind(cell, 6);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        SplittableRandom rng = new SplittableRandom(22);
        float[] x = uniform(rng, T * B * I), s0 = uniform(rng, B * S), times = new float[T * B];
        for (int i = 0; i < times.length; i++) times[i] = (float) (i / B + rng.nextDouble(0, 0.9));
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, s0, false, times, 0);
            float[] whole = layer.states().clone();
            layer.forward(compute, x, 0, I, T, B, s0, false, new float[T * B], 0);
            assertEquals(true, Arrays.mismatch(whole, layer.states()) >= 0, "other times, other states: the check can fail");
            float[] state = s0.clone();
            layer.startStream(compute, B);
            for (int t = 0; t < T; t++) {
                layer.streamStep(x, t * B * I, times, t * B, state);
                for (int k = 0; k < B * S; k++) {
                    float e = whole[(t + 1) * B * S + k];
                    assertEquals(e, state[k], 1e-5f * (1 + Math.abs(e)), "step " + t + " [" + k + "]");
                }
            }
            var e = assertThrows(IllegalArgumentException.class, () -> layer.streamStep(x, 0, state));
            assertEquals("the phased LSTM reads the data's timestamps (timestamps = GIVEN): the batch must carry times [T, B]",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> layer.streamStep(x, 0, times, T * B - 1, state));
            assertEquals("times must hold B=2 floats from timesOff=7, got 8 floats", e.getMessage());
        }
    }

    /** A stream that continues a carried state counts a time gate's step index from where it left off. */
    @Test
    void aStreamContinuingACarriedStateContinuesTheStepIndex() {
        Cell cell = org.rnn4j.cell.GaussianLstmConfig.of(I, H, T).withWidthInit(0.2).create();
        int S = cell.stateSize(), from = 3;
        float[][] p = bind(cell, 8);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        SplittableRandom rng = new SplittableRandom(23);
        float[] x = uniform(rng, T * B * I), s0 = uniform(rng, B * S);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, s0, false);
            float[] whole = layer.states().clone();
            float[] state = Arrays.copyOfRange(whole, from * B * S, (from + 1) * B * S);
            layer.startStream(compute, B, from);
            for (int t = from; t < T; t++) {
                layer.streamStep(x, t * B * I, state);
                for (int k = 0; k < B * S; k++) {
                    float e = whole[(t + 1) * B * S + k];
                    assertEquals(e, state[k], 1e-5f * (1 + Math.abs(e)), "step " + t + " [" + k + "]");
                }
            }
            float[] restarted = Arrays.copyOfRange(whole, from * B * S, (from + 1) * B * S);
            layer.startStream(compute, B);                                   // counting from 0 instead: other gates
            layer.streamStep(x, from * B * I, restarted);
            assertTrue(Arrays.mismatch(restarted, Arrays.copyOfRange(whole, (from + 1) * B * S, (from + 2) * B * S)) >= 0,
                    "the step index matters: the check can fail");
            assertThrows(IllegalArgumentException.class, () -> layer.startStream(compute, B, -1));
        }
    }

    /**
     * The cells whose finite differences need no kink handling (the NRU, EURNN and GORU have ReLU
     * and modReLU kinks and fast-turning unit directions; their own tests check them with the
     * kink-aware harness, and the recording itself does not depend on the cell).
     */
    static Stream<CellConfig> smoothCells() {
        return Stream.of(LstmConfig.of(I, H), LstmConfig.of(I, H).withPeepholes(true), GruConfig.of(I, H),
                ElmanConfig.of(I, H), ElmanConfig.of(I, H).withLayerNorm(true), JanetConfig.of(I, H).withBeta(1.0),
                org.rnn4j.cell.LeakyRnnConfig.of(I, H).withChrono(10, org.rnn4j.param.Init.Chrono.Sampling.CONTINUOUS),
                org.rnn4j.cell.GatedRnnConfig.of(I, H));
    }

    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    /** Parameters for {@code cell} from its own initializers, bound at offset 0. */
    static float[][] bind(Cell cell, long seed) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()], dw = new float[layout.size()];
        layout.initialize(w, new SplittableRandom(seed));
        return new float[][] {w, dw};
    }

    /**
     * Twin test: driving {@link Cell#forward}/{@link Cell#backward} step by step by hand (zx computed
     * with plain loops) gives the layer's states and gradients. Agreement within float rounding of
     * the differently ordered input projection (1e-5).
     */
    @ParameterizedTest
    @MethodSource("cells")
    void handSteppedCellEqualsLayerOverTheSequence(CellConfig cfg) {
        SplittableRandom rng = new SplittableRandom(9);
        float[] x = uniform(rng, T * B * I), g = uniform(rng, T * B * H);

        Cell layerCell = cfg.create();
        int S = layerCell.stateSize(), P = layerCell.projectionSize();
        float[] s0 = uniform(rng, B * S), gFinal = uniform(rng, B * S);
        float[][] lw = bind(layerCell, 4);
        RecurrentLayer layer = new RecurrentLayer(layerCell);
        layer.bind(lw[0], lw[1], 0);
        float[] dxLayer = new float[T * B * I], ds0Layer = new float[B * S];

        Cell cell = cfg.create();
        float[][] hw = bind(cell, 4);
        cell.bind(hw[0], hw[1], 0);
        float[] w = hw[0], dw = hw[1];
        float[] z = new float[T * B * P], states = new float[(T + 1) * B * S];
        float[] cache = new float[Math.max(1, T * B * cell.cacheSize())];
        for (int r = 0; r < T * B; r++) {                                    // zx = x·Wxᵀ + bx
            for (int p = 0; p < P; p++) {
                float s = w[P * I + p];
                for (int i = 0; i < I; i++) s += x[r * I + i] * w[p * I + i];
                z[r * P + p] = s;
            }
        }
        System.arraycopy(s0, 0, states, 0, B * S);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, s0, true);
            layer.backward(compute, g, gFinal, dxLayer, 0, I, ds0Layer);

            cell.prepare(compute, new Cell.Sequence(T, B, z, states, cache), true);
            for (int t = 0; t < T; t++) cell.forward(t);
            for (int t = 0; t <= T; t++) {
                for (int i = 0; i < B * S; i++) {
                    assertEquals(layer.states()[layer.stateOffset(t) + i], states[t * B * S + i], 1e-5,
                            "state[" + t + "][" + i + "]");
                }
            }
            float[] dNext = gFinal.clone(), dPrev = new float[B * S];
            for (int t = T - 1; t >= 0; t--) {
                for (int b = 0; b < B; b++) for (int j = 0; j < H; j++) dNext[b * S + j] += g[(t * B + b) * H + j];
                cell.backward(t, dNext, dPrev);
                float[] tmp = dNext;
                dNext = dPrev;
                dPrev = tmp;
            }
            cell.finishBackward();                                           // dWh for all steps at once
            for (int i = 0; i < B * S; i++) assertEquals(ds0Layer[i], dNext[i], 1e-5, "dState0[" + i + "]");
            for (int r = 0; r < T * B; r++) {                                // dWx, dbx, dx from dzx
                for (int p = 0; p < P; p++) {
                    float d = z[r * P + p];
                    dw[P * I + p] += d;
                    for (int i = 0; i < I; i++) dw[p * I + i] += d * x[r * I + i];
                }
                for (int i = 0; i < I; i++) {
                    float s = 0;
                    for (int p = 0; p < P; p++) s += z[r * P + p] * w[p * I + i];
                    assertEquals(dxLayer[r * I + i], s, 1e-5, "dx[" + r + ", " + i + "]");
                }
            }
            for (int k = 0; k < dw.length; k++) assertEquals(lw[1][k], dw[k], 1e-5, "dw[" + k + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("cells")
    void nullInitialStateMeansZeros(CellConfig cfg) {
        Cell cell = cfg.create();
        float[][] p = bind(cell, 1);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        float[] x = uniform(new SplittableRandom(2), T * B * I);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, null, false);
            float[] withNull = Arrays.copyOf(layer.states(), (T + 1) * B * cell.stateSize());
            layer.forward(compute, x, 0, I, T, B, new float[B * cell.stateSize()], false);
            assertArrayEquals(withNull, Arrays.copyOf(layer.states(), withNull.length));
        }
    }

    /** A longer, then shorter pass reuses grown buffers; nothing of the long pass leaks into the short one. */
    @Test
    void reusedBuffersGiveTheSameResultAsAFreshLayer() {
        LstmConfig cfg = LstmConfig.of(I, H);
        SplittableRandom rng = new SplittableRandom(5);
        float[] xLong = uniform(rng, 7 * 3 * I), x = uniform(rng, T * B * I), g = uniform(rng, T * B * H);
        float[][] a = bind(cfg.create(), 8), b = bind(cfg.create(), 8);
        RecurrentLayer used = new RecurrentLayer(cfg.create()), fresh = new RecurrentLayer(cfg.create());
        used.bind(a[0], a[1], 0);
        fresh.bind(b[0], b[1], 0);
        try (Compute compute = Compute.create(1)) {
            used.forward(compute, xLong, 0, I, 7, 3, null, true);
            used.backward(compute, uniform(rng, 7 * 3 * H), null, null, 0, I, null);
            Arrays.fill(a[1], 0f);
            float[] dxUsed = new float[T * B * I], dxFresh = new float[T * B * I];
            used.forward(compute, x, 0, I, T, B, null, true);
            used.backward(compute, g, null, dxUsed, 0, I, null);
            fresh.forward(compute, x, 0, I, T, B, null, true);
            fresh.backward(compute, g, null, dxFresh, 0, I, null);
            int n = (T + 1) * B * 2 * H;
            assertArrayEquals(Arrays.copyOf(fresh.states(), n), Arrays.copyOf(used.states(), n));
            assertArrayEquals(dxFresh, dxUsed);
            assertArrayEquals(b[1], a[1]);
        }
    }

    /** x with row stride ldx > I from an offset reads the same sequence as a packed copy. */
    @Test
    void honoursInputStrideAndOffset() {
        GruConfig cfg = GruConfig.of(I, H);
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = uniform(rng, T * B * I), g = uniform(rng, T * B * H);
        int ld = I + 2, off = 5;
        float[] xs = new float[off + T * B * ld];
        for (int r = 0; r < T * B; r++) System.arraycopy(x, r * I, xs, off + r * ld, I);
        float[][] a = bind(cfg.create(), 3), b = bind(cfg.create(), 3);
        RecurrentLayer packed = new RecurrentLayer(cfg.create()), strided = new RecurrentLayer(cfg.create());
        packed.bind(a[0], a[1], 0);
        strided.bind(b[0], b[1], 0);
        try (Compute compute = Compute.create(1)) {
            float[] dx = new float[T * B * I], dxs = new float[3 + T * B * ld];
            packed.forward(compute, x, 0, I, T, B, null, true);
            packed.backward(compute, g, null, dx, 0, I, null);
            strided.forward(compute, xs, off, ld, T, B, null, true);
            strided.backward(compute, g, null, dxs, 3, ld, null);
            int n = (T + 1) * B * H;
            assertArrayEquals(Arrays.copyOf(packed.states(), n), Arrays.copyOf(strided.states(), n));
            for (int r = 0; r < T * B; r++) {
                for (int i = 0; i < I; i++) assertEquals(dx[r * I + i], dxs[3 + r * ld + i], 0f);
            }
            assertArrayEquals(a[1], b[1]);
        }
    }

    @Test
    void backwardBeforeForwardIsAnIllegalState() {
        Cell cell = LstmConfig.of(I, H).create();
        float[][] p = bind(cell, 1);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        try (Compute compute = Compute.create(1)) {
            float[] g = new float[T * B * H];
            assertThrows(IllegalStateException.class, () -> layer.backward(compute, g, null, null, 0, I, null));
            layer.forward(compute, new float[T * B * I], 0, I, T, B, null, false);
            assertThrows(IllegalStateException.class, () -> layer.backward(compute, g, null, null, 0, I, null),
                    "an inference pass keeps nothing for backward");
            layer.forward(compute, new float[T * B * I], 0, I, T, B, null, true);
            layer.backward(compute, g, null, null, 0, I, null);
            assertThrows(IllegalStateException.class, () -> layer.backward(compute, g, null, null, 0, I, null),
                    "a second backward over the same pass");
        }
    }

    @Test
    void rejectsEmptySequenceOrBatch() {
        Cell cell = GruConfig.of(I, H).create();
        float[][] p = bind(cell, 1);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        try (Compute compute = Compute.create(1)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(compute, new float[I], 0, I, 0, 1, null, false));
            assertEquals(true, e.getMessage().contains("T"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> layer.forward(compute, new float[I], 0, I, 1, 0, null, false));
        }
    }

    @Test
    void exposesTheCellAndOutputLayout() {
        Cell cell = LstmConfig.of(I, H).create();
        RecurrentLayer layer = new RecurrentLayer(cell);
        assertEquals(cell, layer.cell());
        assertEquals(2 * H, layer.outputStride());
        List<ParamSpec> specs = cell.params();
        assertEquals("Wx", specs.get(0).name());
        assertEquals("bx", specs.get(1).name());
    }

    /**
     * The recorded ∂L/∂state[t+1] is the total derivative: perturbing the state after step t and
     * running the rest of the sequence from it (the layer restarted with that state as its initial
     * state) changes L = Σ_t G_t·h_t + G_S·state_T by the recorded amount. Central differences
     * (GradCheck, ε = 1e-2) within 5e-3 relative; every step, every state entry (c for the LSTM).
     */
    @ParameterizedTest
    @MethodSource("smoothCells")
    void recordedStateGradientsMatchFiniteDifferencesOfThePerturbedState(CellConfig cfg) {
        Cell cell = cfg.create();
        int S = cell.stateSize();
        float[][] p = bind(cell, 4);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        SplittableRandom rng = new SplittableRandom(12);
        float[] x = uniform(rng, T * B * I), s0 = uniform(rng, B * S), g = uniform(rng, T * B * H), gS = uniform(rng, B * S);
        float[] sink = new float[T * B * S];
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, s0, true);
            layer.recordStateGradients(sink);
            layer.backward(compute, g, gS, null, 0, I, null);
            layer.recordStateGradients(null);
            for (int t = 0; t < T; t++) {
                final int tt = t;
                layer.forward(compute, x, 0, I, t + 1, B, s0, false);                // steps 0..t
                float[] base = Arrays.copyOfRange(layer.states(), layer.stateOffset(t + 1), layer.stateOffset(t + 1) + B * S);
                float[] mid = base.clone();
                java.util.function.DoubleSupplier rest = () -> {
                    // The recorded gradient is the whole-graph one: a perturbed c_t also moves
                    // h_t = o⊙tanh(c_t) of the same step (LSTM), so the state is completed first.
                    float[] st = complete(cfg, p[0], base, mid, S);
                    double v = dotOutputs(g, tt, st, S);                               // G_t·h_t: h_t is part of state[t+1]
                    if (tt == T - 1) return v + dot(gS, st, 0);
                    int n = T - 1 - tt;                                                // steps t+1..T-1 from the perturbed state
                    layer.forward(compute, x, (tt + 1) * B * I, I, n, B, st, false);
                    for (int k = 1; k <= n; k++) v += dotOutputs(g, tt + k, layer.states(), layer.outputOffset(k - 1), S);
                    return v + dot(gS, layer.states(), layer.stateOffset(n));
                };
                float[] recorded = Arrays.copyOfRange(sink, t * B * S, (t + 1) * B * S);
                org.rnn4j.testing.GradCheck.function(mid, recorded, 1e-2, rest).assertMaxRelError(5e-3);
            }
        }
    }

    /**
     * The state row after step t with {@code mid}'s perturbation carried to the blocks that step t
     * computes from it: for an LSTM, h = o⊙tanh(c) ({@link org.rnn4j.testing.LstmStates}).
     */
    static float[] complete(CellConfig cfg, float[] params, float[] base, float[] mid, int S) {
        if (!(cfg instanceof LstmConfig l)) return mid.clone();
        float[] wco = null;
        if (l.peepholes()) {
            int o = 0;
            for (ParamSpec spec : l.create().params()) {
                if (spec.name().equals("wco")) wco = Arrays.copyOfRange(params, o, o + H);
                o += spec.size();
            }
        }
        return org.rnn4j.testing.LstmStates.carryCIntoH(base, mid, B, H, wco);
    }

    private static double dotOutputs(float[] g, int t, float[] state, int S) {
        return dotOutputs(g, t, state, 0, S);
    }

    /** Σ_b Σ_j G[t, b, j]·state[off + b·S + j]. */
    private static double dotOutputs(float[] g, int t, float[] state, int off, int S) {
        double v = 0;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) v += (double) g[(t * B + b) * H + j] * state[off + b * S + j];
        }
        return v;
    }

    private static double dot(float[] a, float[] b, int bOff) {
        double v = 0;
        for (int i = 0; i < a.length; i++) v += (double) a[i] * b[bOff + i];
        return v;
    }

    /** Recording copies only; the gradients are those of a pass without a sink. A cleared sink is not written. */
    @Test
    void recordingStateGradientsChangesNoGradientAndStopsWhenCleared() {
        LstmConfig cfg = LstmConfig.of(I, H);
        SplittableRandom rng = new SplittableRandom(13);
        float[] x = uniform(rng, T * B * I), g = uniform(rng, T * B * H);
        float[][] a = bind(cfg.create(), 2), b = bind(cfg.create(), 2);
        RecurrentLayer plain = new RecurrentLayer(cfg.create()), recorded = new RecurrentLayer(cfg.create());
        plain.bind(a[0], a[1], 0);
        recorded.bind(b[0], b[1], 0);
        float[] sink = new float[T * B * 2 * H];
        try (Compute compute = Compute.create(1)) {
            float[] dxPlain = new float[T * B * I], dxRecorded = new float[T * B * I];
            plain.forward(compute, x, 0, I, T, B, null, true);
            plain.backward(compute, g, null, dxPlain, 0, I, null);
            recorded.recordStateGradients(sink);
            recorded.forward(compute, x, 0, I, T, B, null, true);
            recorded.backward(compute, g, null, dxRecorded, 0, I, null);
            assertArrayEquals(a[1], b[1]);
            assertArrayEquals(dxPlain, dxRecorded);
            for (int j = 0; j < H; j++) {
                assertEquals(g[(T - 1) * B * H + j], sink[(T - 1) * B * 2 * H + j], 0f, "the last step's dh is dH[T-1]");
            }
            recorded.recordStateGradients(null);
            Arrays.fill(sink, 7f);
            recorded.forward(compute, x, 0, I, T, B, null, true);
            recorded.backward(compute, g, null, null, 0, I, null);
            for (float v : sink) assertEquals(7f, v, 0f);
        }
    }

    @Test
    void rejectsAStateGradientSinkShorterThanTBS() {
        Cell cell = GruConfig.of(I, H).create();
        float[][] p = bind(cell, 1);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(p[0], p[1], 0);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, new float[T * B * I], 0, I, T, B, null, true);
            layer.recordStateGradients(new float[T * B * H - 1]);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> layer.backward(compute, new float[T * B * H], null, null, 0, I, null));
            assertEquals("state-gradient sink must hold [T=4, B=2, S=5] = 40 floats, got 39", e.getMessage());
            layer.recordStateGradients(new float[T * B * H]);
            layer.backward(compute, new float[T * B * H], null, null, 0, I, null); // the pass is still usable
        }
    }
}
