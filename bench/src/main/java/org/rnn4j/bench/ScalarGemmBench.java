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
import org.openjdk.jmh.infra.Blackhole;
import org.rnn4j.kernel.ScalarGemm;

/**
 * JMH throughput of the scalar twin {@link ScalarGemm} (one thread) at a few of {@link GemmBench}'s
 * shapes, so the SIMD speed-up is a same-machine ratio. Pre-packed kinds are run as their plain
 * layout (the scalar kernel has no packing). GFLOP/s = score · 2·M·N·K / 10⁹.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ScalarGemmBench {

    /** {@code kind:MxNxK}, see {@link GemmShape}. */
    @Param({"fwd:100x512x128", "fwd:100x1024x256", "dh:100x128x512", "dw:512x128x100"})
    public String shape;

    private GemmShape s;
    private float[] a, b, c;

    /** Allocates random operands. */
    @Setup(Level.Trial)
    public void setup() {
        s = GemmShape.parse(shape);
        SplittableRandom rnd = new SplittableRandom(42);
        a = GemmBench.random(rnd, s.aSize());
        b = GemmBench.random(rnd, s.bSize());
        c = new float[s.m() * s.n()];
    }

    /** One scalar GEMM call of the shape. */
    @Benchmark
    public void gemm(Blackhole bh) {
        GemmShape.Kind kd = s.kind();
        ScalarGemm.gemm(kd.transA, kd.transB, s.m(), s.n(), s.k(), a, 0, s.lda(), b, 0, s.ldb(),
                c, 0, s.n(), kd.accumulate);
        bh.consume(c);
    }
}
