package org.rnn4j.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamSpecTest {
    static final Init ZERO = new Init.Constant(0);

    @Test
    void matrixAndVectorReportSizeRowsAndCols() {
        ParamSpec m = ParamSpec.matrix("W", 4, 3, ZERO);
        assertEquals(12, m.size());
        assertEquals(4, m.rows());
        assertEquals(3, m.cols());
        ParamSpec v = ParamSpec.vector("b", 7, ZERO);
        assertEquals(7, v.size());
        assertEquals(1, v.rows());
        assertEquals(7, v.cols());
    }

    @Test
    void shapeIsDefensivelyCopied() {
        int[] shape = {2, 3};
        ParamSpec s = new ParamSpec("W", shape, ZERO);
        shape[0] = 99;
        assertArrayEquals(new int[] {2, 3}, s.shape());
        s.shape()[1] = 42;
        assertArrayEquals(new int[] {2, 3}, s.shape());
    }

    @Test
    void rejectsBadShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ParamSpec.matrix("W", 0, 3, ZERO));
        assertTrue(e.getMessage().contains("W"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.vector("b", -1, ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("T", new int[] {2, 2, 2}, ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("E", new int[0], ZERO));
        assertThrows(NullPointerException.class, () -> ParamSpec.vector(null, 2, ZERO));
        assertThrows(NullPointerException.class, () -> ParamSpec.vector("b", 2, null));
    }

    @Test
    void equalityComparesNameShapeAndInit() {
        assertEquals(ParamSpec.matrix("W", 2, 3, ZERO), ParamSpec.matrix("W", 2, 3, ZERO));
        assertEquals(ParamSpec.matrix("W", 2, 3, ZERO).hashCode(), ParamSpec.matrix("W", 2, 3, ZERO).hashCode());
        assertNotEquals(ParamSpec.matrix("W", 2, 3, ZERO), ParamSpec.matrix("W", 3, 2, ZERO));
        assertNotEquals(ParamSpec.matrix("W", 2, 3, ZERO), ParamSpec.matrix("V", 2, 3, ZERO));
        assertNotEquals(ParamSpec.matrix("W", 2, 3, ZERO), ParamSpec.matrix("W", 2, 3, new Init.Constant(1)));
    }
}
