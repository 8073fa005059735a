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

    @Test
    void frozenRangesMergeAndAreValidated() {
        ParamSpec b = ParamSpec.vector("bx", 12, ZERO);
        assertArrayEquals(new int[0], b.frozen());
        assertEquals(0, b.frozenCount());
        ParamSpec f = b.withFrozen(6, 9).withFrozen(0, 3).withFrozen(3, 4);
        assertArrayEquals(new int[] {0, 4, 6, 9}, f.frozen(), "ascending, adjacent ranges merged");
        assertEquals(7, f.frozenCount());
        assertArrayEquals(new int[] {0, 9}, f.withFrozen(2, 7).frozen(), "overlaps merged");
        assertNotEquals(b, f, "the frozen entries are part of the spec");
        assertEquals(f, b.withFrozen(0, 4).withFrozen(6, 9));
        assertTrue(f.toString().endsWith(" frozen [0, 4, 6, 9]"), f.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> b.withFrozen(10, 13));
        assertEquals("frozen range of bx must satisfy 0 <= from < to <= 12, got [10, 13)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.withFrozen(3, 3));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("b", new int[] {5}, ZERO, new int[] {3, 4, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("b", new int[] {5}, ZERO, new int[] {0, 2, 2, 4}));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("b", new int[] {5}, ZERO, new int[] {1}));
        int[] given = {1, 2};
        ParamSpec g = new ParamSpec("b", new int[] {5}, ZERO, given);
        given[0] = 0;
        g.frozen()[1] = 5;
        assertArrayEquals(new int[] {1, 2}, g.frozen(), "defensively copied");
    }
}
