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
import org.rnn4j.kernel.NruKernels;
import org.rnn4j.kernel.simd.SimdNruKernels;

/**
 * JMH throughput of the NRU's head-set kernels for one example, SIMD ({@link SimdNruKernels}) beside
 * the scalar twins ({@link NruKernels}): the write {@code m += w⊗q} and backward's two passes over
 * dm (row dot products with q, and the columns of dq). {@code rows × side}: 8 × 32 is a set of the
 * psMNIST NRU (M = 256, K = 4: S = 32), 4 × 16 one of the copy-task NRU (M = 64). The SIMD row
 * dot products and columns need 16 float lanes ({@link SimdNruKernels#USABLE}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NruSetBench {

    /** Rows of the set's memory view. */
    @Param({"8", "4"})
    public int rows;

    /** Columns (S, the side of the shared p·qᵀ). */
    @Param({"32", "16"})
    public int side;

    private float[] w, q, m, dm, g, dq;

    /** Values uniform in [−1, 1]. */
    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(3);
        w = uniform(rnd, rows);
        q = uniform(rnd, side);
        m = uniform(rnd, rows * side);
        dm = uniform(rnd, rows * side);
        g = new float[rows];
        dq = new float[side];
    }

    private static float[] uniform(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        return a;
    }

    /** {@code m = dm + w⊗q}, vector. */
    @Benchmark
    public float[] rankOneAddSimd() {
        SimdNruKernels.rankOneAdd(w, 0, q, 0, rows, side, dm, 0, m, 0);
        return m;
    }

    /** {@code m = dm + w⊗q}, scalar. */
    @Benchmark
    public float[] rankOneAddScalar() {
        NruKernels.rankOneAdd(w, 0, q, 0, rows, side, dm, 0, m, 0);
        return m;
    }

    /** Row dot products with q, vector. */
    @Benchmark
    public float[] rowDotsSimd() {
        SimdNruKernels.rowDots(dm, 0, q, 0, rows, side, g, 0);
        return g;
    }

    /** Row dot products with q, scalar. */
    @Benchmark
    public float[] rowDotsScalar() {
        NruKernels.rowDots(dm, 0, q, 0, rows, side, g, 0);
        return g;
    }

    /** The columns of dq, vector. */
    @Benchmark
    public float[] columnsSimd() {
        SimdNruKernels.columnsBackward5(dm, 0, w, 0, rows, side, q, 0, 0.25, dq, 0);
        return dq;
    }

    /** The columns of dq, scalar. */
    @Benchmark
    public float[] columnsScalar() {
        NruKernels.columnsBackward(dm, 0, w, 0, rows, side, q, 0, 0.25, 5.0, dq, 0);
        return dq;
    }
}
