package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.simd.SimdActivations;
import org.rnn4j.kernel.simd.SimdGemm;

class KernelsTest {

    @Test
    void picksSimdWhenTheVectorApiIsUsableUnlessForced() {
        String name = Kernels.implementationName();
        String forced = System.getProperty("rnn4j.kernels", "auto");
        if (forced.equals("scalar")) {
            assertEquals("scalar", name);
        } else if (SimdGemm.preferredLanes() >= 8) {      // the tests run with --add-modules jdk.incubator.vector
            assertEquals(SimdGemm.description(), name);
            assertTrue(Kernels.SIMD);
        }
    }

    @Test
    void activationsDelegateToTheChosenImplementation() {
        Random rnd = new Random(4);
        int n = 103;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextFloat() * 20 - 10;
        float[] got = new float[n], want = new float[n];
        Kernels.sigmoid(x, 0, got, 0, n);
        if (Kernels.SIMD) SimdActivations.sigmoid(x, 0, want, 0, n); else ScalarActivations.sigmoid(x, 0, want, 0, n);
        assertArrayEquals(want, got);
        Kernels.tanh(x, 0, got, 0, n);
        if (Kernels.SIMD) SimdActivations.tanh(x, 0, want, 0, n); else ScalarActivations.tanh(x, 0, want, 0, n);
        assertArrayEquals(want, got);
        Kernels.relu(x, 0, got, 0, n);
        ScalarActivations.relu(x, 0, want, 0, n);
        assertArrayEquals(want, got);
    }
}
