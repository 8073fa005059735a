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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PackedMatrix;

/**
 * JMH throughput of {@link Compute} GEMM calls at the per-timestep shapes of LSTM training
 * (B = 100 or 128, H = 128 or 256); see {@link GemmShape} for the layouts. The score is calls per
 * second; GFLOP/s = score · 2·M·N·K / 10⁹, which {@code bench/scripts/run-benchmarks.sh}
 * (through {@link JmhReport}) prints.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    /** {@code kind:MxNxK}, see {@link GemmShape}. */
    @Param({
        "fwdPre:100x512x128", "fwd:100x512x128", "fwdPreSet:100x512x128",
        "fwdPre:100x1024x256", "fwd:100x1024x256", "fwdPreSet:100x1024x256",
        "fwdPre:128x1024x256", "fwd:128x1024x256",
        "dhPre:100x128x512", "dh:100x128x512",
        "dhPre:100x256x1024", "dh:100x256x1024",
        "dw:512x128x100", "dw:1024x256x100"})
    public String shape;

    /** Threads of the Compute engine (the caller included). */
    @Param({"1", "2"})
    public int threads;

    private GemmShape s;
    private Compute compute;
    private PackedMatrix packed;
    private float[] a, b, c;

    /** Allocates random operands and, for pre-packed kinds, packs B once. */
    @Setup(Level.Trial)
    public void setup() {
        s = GemmShape.parse(shape);
        compute = Compute.create(threads);
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, s.aSize());
        b = random(rnd, s.bSize());
        c = new float[s.m() * s.n()];
        if (s.kind().prePacked) packed = compute.pack(s.kind().transB, s.k(), s.n(), b, 0, s.ldb());
        System.out.println("# kernels: " + Kernels.implementationName());
    }

    /** Stops the engine's workers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    /** One GEMM call of the shape. */
    @Benchmark
    public void gemm(Blackhole bh) {
        GemmShape.Kind kd = s.kind();
        if (packed != null) {
            compute.gemmPacked(kd.transA, s.m(), a, 0, s.lda(), packed, c, 0, s.n(), kd.accumulate);
        } else {
            compute.gemm(kd.transA, kd.transB, s.m(), s.n(), s.k(), a, 0, s.lda(), b, 0, s.ldb(),
                    c, 0, s.n(), kd.accumulate);
        }
        bh.consume(c);
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextDouble() * 2 - 1);
        return v;
    }
}
