package org.rnn4j.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParamLayoutTest {

    static ParamLayout twoLayers() {
        ParamLayout.Builder b = ParamLayout.builder();
        b.add("layer0", ParamSpec.matrix("Wx", 4, 3, new Init.Constant(1)));
        b.add("layer0", ParamSpec.vector("bx", 4, new Init.Constant(2)));
        b.add("layer1", ParamSpec.matrix("Wx", 4, 2, new Init.Uniform(-1, 1)));
        b.add("", ParamSpec.vector("b", 3, new Init.Constant(3)));
        return b.build();
    }

    @Test
    void blocksFollowEachOtherInInsertionOrder() {
        ParamLayout l = twoLayers();
        assertEquals(List.of("layer0.Wx", "layer0.bx", "layer1.Wx", "b"), l.blocks().stream().map(ParamLayout.Block::name).toList());
        assertArrayEquals(new int[] {0, 12, 16, 24}, l.blocks().stream().mapToInt(ParamLayout.Block::offset).toArray());
        assertEquals(27, l.size());
    }

    @Test
    void addReturnsTheOffset() {
        ParamLayout.Builder b = ParamLayout.builder();
        assertEquals(0, b.add("a", ParamSpec.vector("x", 5, new Init.Constant(0))));
        assertEquals(5, b.add("a", ParamSpec.matrix("y", 2, 3, new Init.Constant(0))));
        assertEquals(11, b.add("b", ParamSpec.vector("x", 1, new Init.Constant(0))));
        assertEquals(12, b.build().size());
    }

    @Test
    void looksUpBlocksByQualifiedName() {
        ParamLayout l = twoLayers();
        assertEquals(16, l.offset("layer1.Wx"));
        assertEquals(8, l.block("layer1.Wx").size());
        assertArrayEquals(new int[] {4, 2}, l.block("layer1.Wx").spec().shape());
        assertEquals(24, l.offset("b"));
    }

    @Test
    void unknownNameFailsListingTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> twoLayers().block("layer2.Wx"));
        for (String known : List.of("layer2.Wx", "layer0.Wx", "layer0.bx", "layer1.Wx", "b")) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> twoLayers().offset("Wx"));
    }

    @Test
    void rejectsDuplicateNames() {
        ParamLayout.Builder b = ParamLayout.builder();
        b.add("layer0", ParamSpec.vector("bx", 2, new Init.Constant(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> b.add("layer0", ParamSpec.vector("bx", 3, new Init.Constant(0))));
        assertTrue(e.getMessage().contains("layer0.bx"), e.getMessage());
    }

    @Test
    void emptyLayoutHasSizeZero() {
        assertEquals(0, ParamLayout.builder().build().size());
    }

    @Test
    void blocksListIsUnmodifiable() {
        ParamLayout l = twoLayers();
        assertThrows(UnsupportedOperationException.class, () -> l.blocks().clear());
    }

    /** initialize = each block's initializer in layout order, drawing from the one generator. */
    @Test
    void initializeFillsEachBlockInOrderFromOneGenerator() {
        ParamLayout l = twoLayers();
        float[] p = new float[l.size()];
        l.initialize(p, new SplittableRandom(3));
        for (int i = 0; i < 12; i++) assertEquals(1f, p[i]);
        for (int i = 12; i < 16; i++) assertEquals(2f, p[i]);
        float[] u = new float[8];
        new Init.Uniform(-1, 1).fill(u, 0, 4, 2, new SplittableRandom(3));
        for (int i = 0; i < 8; i++) assertEquals(u[i], p[16 + i]);
        for (int i = 24; i < 27; i++) assertEquals(3f, p[i]);
    }

    @Test
    void frozenRangesMoveToTheBlockOffsets() {
        ParamLayout.Builder b = ParamLayout.builder();
        b.add("layer0", ParamSpec.matrix("Wx", 4, 3, new Init.Constant(1)));
        b.add("layer0", ParamSpec.vector("bx", 8, new Init.Constant(2)).withFrozen(0, 4));
        b.add("layer1", ParamSpec.vector("a", 5, new Init.Constant(2)).withFrozen(1, 2).withFrozen(4, 5));
        assertArrayEquals(new int[] {12, 16, 21, 22, 24, 25}, b.build().frozen());
        assertArrayEquals(new int[0], twoLayers().frozen());
    }
}
