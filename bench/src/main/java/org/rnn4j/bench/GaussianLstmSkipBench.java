package org.rnn4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.cell.GaussianLstm;
import org.rnn4j.cell.GaussianLstmConfig;
import org.rnn4j.cell.Timestamps;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;

/**
 * JMH time of one streamed g-LSTM step (B = 1, I = 1, 1 thread, through
 * {@link RecurrentLayer#streamStep}: input projection, cell, state copies), dense against
 * skipping the closed units ({@link GaussianLstm#skipClosedUnits}, ε = 0), with {@code open}
 * percent of the H units open (at least one): every step has the time 0 (given timestamps), the
 * open units have μ = 0 (k = 1), the others μ = 10⁴ with σ = 1 (k = 0 in float), the open ones
 * at random unit indices. Setup checks that both give the same state bits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GaussianLstmSkipBench {

    /** Hidden units H. */
    @Param({"128", "256"})
    public int hidden;

    /** Percent of the units open at every step. */
    @Param({"100", "75", "50", "10", "1"})
    public int open;

    private Compute compute;
    private RecurrentLayer dense, skip;
    private final float[] x = {0.3f}, times = {0f};
    private float[] stateDense, stateSkip;

    /** Builds two layers over one parameter buffer and starts both streams. */
    @Setup(Level.Trial)
    public void setup() {
        GaussianLstmConfig c = GaussianLstmConfig.of(1, hidden, 1000).withTimestamps(Timestamps.GIVEN);
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : new GaussianLstm(c).params()) lb.add("cell", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()];
        SplittableRandom rng = new SplittableRandom(1234);
        layout.initialize(w, rng);
        int mu = layout.offset("cell.mu"), rho = layout.offset("cell.rho");
        int openUnits = Math.max(1, Math.round(hidden * open / 100f));
        int[] units = new int[hidden];
        for (int j = 0; j < hidden; j++) units[j] = j;
        for (int j = hidden - 1; j > 0; j--) {                                // open units at random indices
            int r = rng.nextInt(j + 1), t = units[j];
            units[j] = units[r];
            units[r] = t;
        }
        for (int n = 0; n < hidden; n++) {
            w[mu + units[n]] = n < openUnits ? 0f : 1e4f;
            w[rho + units[n]] = 0.5413249f;                                   // softplus⁻¹(1): σ = 1
        }
        GaussianLstm skipping = new GaussianLstm(c);
        skipping.skipClosedUnits(0);
        dense = new RecurrentLayer(new GaussianLstm(c));
        skip = new RecurrentLayer(skipping);
        dense.bind(w, new float[w.length], 0);
        skip.bind(w, new float[w.length], 0);
        compute = Compute.create(1);
        dense.startStream(compute, 1);
        skip.startStream(compute, 1);
        stateDense = new float[2 * hidden];
        for (int i = 0; i < stateDense.length; i++) stateDense[i] = (float) rng.nextDouble(-0.5, 0.5);
        stateSkip = stateDense.clone();
        for (int t = 0; t < 3; t++) {
            dense.streamStep(x, 0, times, 0, stateDense);
            skip.streamStep(x, 0, times, 0, stateSkip);
        }
        if (!Arrays.equals(stateDense, stateSkip)) throw new IllegalStateException("skipping differs from the dense step");
    }

    /** Stops the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    /** One dense streamed step; returns h[0] so nothing is dead code. */
    @Benchmark
    public float dense() {
        dense.streamStep(x, 0, times, 0, stateDense);
        return stateDense[0];
    }

    /** One streamed step computing only the open units. */
    @Benchmark
    public float skipping() {
        skip.streamStep(x, 0, times, 0, stateSkip);
        return stateSkip[0];
    }
}
