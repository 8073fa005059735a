package org.rnn4j.bench;


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
import org.rnn4j.cell.LstmConfig;

/**
 * JMH time of ONE full LSTM training step at the sequential-MNIST shape (B = 100, T = 784, I = 1,
 * 10 classes read out at the last step; forward, BPTT, clip 1.0, Adam) — see {@link TrainStep}.
 * Each invocation is one step (seconds/op); the same step without JMH is {@link LstmStepTimer}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 7, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
public class LstmStepBench {

    /** Hidden units H. */
    @Param({"128"})
    public int hidden;

    /** Threads of the model's Compute engine. */
    @Param({"1", "2"})
    public int threads;

    /** Sequence length T. */
    @Param({"784"})
    public int steps;

    /** Batch size B. */
    @Param({"100"})
    public int batch;

    private TrainStep step;

    /** Builds the model and the batch. */
    @Setup(Level.Trial)
    public void setup() {
        step = new TrainStep(LstmConfig.of(1, hidden), steps, batch, threads, 1234);
    }

    /** Stops the model's workers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }

    /** One training step; returns the loss so nothing is dead code. */
    @Benchmark
    public double trainStep() {
        return step.run();
    }
}
