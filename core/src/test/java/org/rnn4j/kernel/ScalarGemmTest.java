package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarGemmTest {

    @Test
    void scalarGemmMatchesDoubleReferenceForAllTransposes() {
        Random rnd = new Random(11);
        for (int[] s : GemmCase.shapes(rnd).subList(0, 40)) {
            for (int t = 0; t < 8; t++) {
                GemmCase g = GemmCase.random((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0, rnd);
                float[] c = g.freshC();
                ScalarGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(),
                        g.b(), g.bOff(), g.ldb(), c, g.cOff(), g.ldc(), g.accumulate());
                double err = g.maxError(c, g.reference());
                assertTrue(err <= g.tolerance(), g + ": max error " + err);
            }
        }
    }

    @Test
    void zeroInnerDimensionClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        ScalarGemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        ScalarGemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
    }
}
