package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.PackedMatrix;

class GemmShapeTest {

    @Test
    void parsesKindAndSizesAndCountsFlops() {
        GemmShape s = GemmShape.parse("fwdPre:100x1024x256");
        assertEquals(GemmShape.Kind.FWD_PRE, s.kind());
        assertEquals(100, s.m());
        assertEquals(1024, s.n());
        assertEquals(256, s.k());
        assertEquals(2L * 100 * 1024 * 256, s.flops());
        assertEquals("fwdPre:100x1024x256", s.toString());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("nope:1x2x3"));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("fwd:1x2"));
    }

    /** Every kind, driven the way GemmBench drives it, equals a double-precision reference of its documented formula. */
    @Test
    void benchLayoutsComputeTheDocumentedProducts() {
        SplittableRandom rnd = new SplittableRandom(3);
        try (Compute c = Compute.create(1)) {
            for (GemmShape.Kind kd : GemmShape.Kind.values()) {
                GemmShape s = GemmShape.parse(kd.label + ":13x37x19");
                float[] a = GemmBench.random(rnd, s.aSize()), b = GemmBench.random(rnd, s.bSize());
                float[] out = GemmBench.random(rnd, s.m() * s.n()), before = out.clone();
                if (kd.prePacked) {
                    PackedMatrix p = c.pack(kd.transB, s.k(), s.n(), b, 0, s.ldb());
                    c.gemmPacked(kd.transA, s.m(), a, 0, s.lda(), p, out, 0, s.n(), kd.accumulate);
                } else {
                    c.gemm(kd.transA, kd.transB, s.m(), s.n(), s.k(), a, 0, s.lda(), b, 0, s.ldb(), out, 0, s.n(), kd.accumulate);
                }
                for (int i = 0; i < s.m(); i++) {
                    for (int j = 0; j < s.n(); j++) {
                        double r = kd.accumulate ? before[i * s.n() + j] : 0;
                        for (int p = 0; p < s.k(); p++) {
                            double av = kd.transA ? a[p * s.m() + i] : a[i * s.k() + p];
                            double bv = kd.transB ? b[j * s.k() + p] : b[p * s.n() + j];
                            r += av * bv;
                        }
                        assertEquals(r, out[i * s.n() + j], 1e-4, kd + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void reportConvertsGemmScoresToGflops() {
        String json = """
                [ { "benchmark" : "org.rnn4j.bench.GemmBench.gemm", "mode" : "thrpt",
                    "params" : { "shape" : "dw:512x128x100", "threads" : "1" },
                    "primaryMetric" : { "score" : 1000.0, "scoreError" : 10.0, "scoreUnit" : "ops/s",
                                        "rawData" : [ [ 990.0, 1010.5 ] ] } } ]""";
        Object root = new JmhReport.Json(json).parse();
        String row = JmhReport.row((Map<?, ?>) ((List<?>) root).get(0));
        // 1000 calls/s · 2·512·128·100 flops = 13.1072 GFLOP/s
        assertTrue(row.contains("13.1 GFLOP/s"), row);
        assertTrue(row.startsWith("GemmBench.gemm"), row);
    }
}
