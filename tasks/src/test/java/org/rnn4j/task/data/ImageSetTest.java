package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageSetTest {

    @Test
    void pixelIndexesChannelPlanesRowMajor() {
        // N=2, channels=3, rows=2, cols=4: pixel value = its flat index
        byte[] pixels = new byte[2 * 3 * 2 * 4];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i + 200);
        ImageSet set = new ImageSet(2, 2, 4, 3, 10, pixels, new byte[] {4, 9});
        assertEquals(24, set.imageSize());
        int flat = 0;
        for (int n = 0; n < 2; n++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 4; c++, flat++) assertEquals((flat + 200) & 0xFF, set.pixel(n, ch, r, c));
                }
            }
        }
        assertEquals(4, set.label(0));
        assertEquals(9, set.label(1));
    }

    @Test
    void labelsAreUnsigned() {
        ImageSet set = new ImageSet(1, 1, 1, 1, 256, new byte[1], new byte[] {(byte) 255});
        assertEquals(255, set.label(0));
    }

    @Test
    void pixelAndLabelRejectIndicesOutOfRange() {
        ImageSet set = new ImageSet(2, 2, 2, 1, 2, new byte[8], new byte[2]);
        assertThrows(IndexOutOfBoundsException.class, () -> set.pixel(2, 0, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> set.pixel(0, 1, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> set.pixel(0, 0, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> set.label(-1));
    }

    @Test
    void rejectsPixelsOfTheWrongLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageSet(2, 3, 4, 1, 10, new byte[23], new byte[2]));
        assertEquals("pixels must hold [N=2, channels=1, rows=3, cols=4] = 24 bytes, got 23", e.getMessage());
    }

    @Test
    void rejectsLabelsOfTheWrongLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageSet(2, 1, 1, 1, 10, new byte[2], new byte[3]));
        assertEquals("labels must hold N=2 bytes, got 3", e.getMessage());
    }

    @Test
    void rejectsALabelOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(3, 1, 1, 1, 10, new byte[3], new byte[] {0, 10, 1}));
        assertEquals("label of image 1 must be in [0, 9], got 10", e.getMessage());
    }

    @Test
    void rejectsBadSizes() {
        assertEquals("rows must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(0, 0, 1, 1, 10, new byte[0], new byte[0])).getMessage());
        assertEquals("classes must be in [1, 256], got 257", assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(0, 1, 1, 1, 257, new byte[0], new byte[0])).getMessage());
        assertThrows(NullPointerException.class, () -> new ImageSet(0, 1, 1, 1, 10, null, new byte[0]));
    }

    @Test
    void toStringGivesTheShapeNotTheArrays() {
        assertEquals("ImageSet[N=0, channels=3, rows=32, cols=32, classes=10]",
                new ImageSet(0, 32, 32, 3, 10, new byte[0], new byte[0]).toString());
    }
}
