package org.rnn4j.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

class EmbeddingTest {
    static final int V = 4, D = 3;

    /** E [4, 3] with E[v][j] = 10·v + j, placed after two guard floats. */
    static float[] table() {
        float[] w = new float[2 + V * D];
        for (int v = 0; v < V; v++) {
            for (int j = 0; j < D; j++) w[2 + v * D + j] = 10 * v + j;
        }
        return w;
    }

    @Test
    void declaresOneStandardNormalMatrix() {
        assertEquals(List.of(ParamSpec.matrix("E", V, D, new Init.Normal(0, 1))), new Embedding(V, D).params());
    }

    @Test
    void forwardCopiesTheRowOfEachId() {
        Embedding e = new Embedding(V, D);
        e.bind(table(), new float[2 + V * D], 2);
        float[] ids = {3, 0, 3, 1};
        float[] x = new float[4 * D];
        e.forward(ids, 4, x);
        assertArrayEquals(new float[] {30, 31, 32, 0, 1, 2, 30, 31, 32, 10, 11, 12}, x);
    }

    @Test
    void backwardAddsEachRowIntoItsSymbolAndLeavesTheRestAlone() {
        Embedding e = new Embedding(V, D);
        float[] dw = new float[2 + V * D];
        java.util.Arrays.fill(dw, 0.5f);                         // backward adds, it does not overwrite
        e.bind(table(), dw, 2);
        float[] ids = {3, 0, 3};
        float[] dx = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        e.backward(ids, 3, dx);
        assertArrayEquals(new float[] {0.5f, 0.5f,
                4.5f, 5.5f, 6.5f,                               // symbol 0: row 1
                0.5f, 0.5f, 0.5f,                               // symbol 1: unseen
                0.5f, 0.5f, 0.5f,                               // symbol 2: unseen
                8.5f, 10.5f, 12.5f}, dw);                       // symbol 3: rows 0 and 2
    }

    @Test
    void rejectsIdsThatAreNotIntegersInRangeNamingStepAndExample() {
        Embedding e = new Embedding(V, D);
        float[][] bad = {{0, 1, 2.5f, 0}, {0, 1, 2, -1}, {0, 4, 2, 0}, {0, 1, Float.NaN, 0}, {0, 1, 2, Float.POSITIVE_INFINITY}};
        String[] where = {"step 1, example 0", "step 1, example 1", "step 0, example 1", "step 1, example 0", "step 1, example 1"};
        for (int k = 0; k < bad.length; k++) {
            float[] ids = bad[k];
            var ex = assertThrows(IllegalArgumentException.class, () -> e.checkIds(ids, 2, 2));
            assertTrue(ex.getMessage().contains(where[k]) && ex.getMessage().contains("[0, V=4)"), ex.getMessage());
        }
        e.checkIds(new float[] {0, 1, 2, 3}, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 0));
    }
}
