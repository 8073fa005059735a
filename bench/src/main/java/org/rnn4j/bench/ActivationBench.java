package org.rnn4j.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.kernel.ScalarActivations;
import org.rnn4j.kernel.simd.SimdActivations;

/**
 * JMH throughput of the element-wise activations, SIMD ({@link SimdActivations}) beside the scalar
 * twins ({@link ScalarActivations}). {@code n = 51200} is one LSTM step's 4H·B gate block at
 * H = 128, B = 100 in one call; {@code n = 128} is one row of H, the length the LSTM cell calls
 * them with. Elements per ns = score · n / 10⁹. The fast-gate pair includes a copy of x (its
 * kernel works in place), the same in both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ActivationBench {

    /** Elements per call. */
    @Param({"51200", "128"})
    public int n;

    private float[] x, y, d;

    /** Inputs uniform in [-8, 8], the range pre-activations mostly live in. */
    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        x = new float[n];
        y = new float[n];
        d = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 16 - 8);
    }

    /** Vector API sigmoid. */
    @Benchmark
    public float[] sigmoidSimd() {
        SimdActivations.sigmoid(x, 0, y, 0, n);
        return y;
    }

    /** Scalar sigmoid (double exp). */
    @Benchmark
    public float[] sigmoidScalar() {
        ScalarActivations.sigmoid(x, 0, y, 0, n);
        return y;
    }

    /** Vector API tanh. */
    @Benchmark
    public float[] tanhSimd() {
        SimdActivations.tanh(x, 0, y, 0, n);
        return y;
    }

    /** Scalar tanh ({@link Math#tanh}). */
    @Benchmark
    public float[] tanhScalar() {
        ScalarActivations.tanh(x, 0, y, 0, n);
        return y;
    }

    /** Vector API fast-gate transform (sinh of the clamped input and the cosh factor), after a copy of x (the kernel works in place). */
    @Benchmark
    public float[] fastGateSimd() {
        System.arraycopy(x, 0, y, 0, n);
        SimdActivations.fastGate(y, 0, d, 0, n);
        return y;
    }

    /** Scalar fast-gate transform ({@link Math#sinh} in double), after the same copy. */
    @Benchmark
    public float[] fastGateScalar() {
        System.arraycopy(x, 0, y, 0, n);
        org.rnn4j.kernel.FastGate.forwardScalar(y, 0, d, 0, n);
        return y;
    }
}
