package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    /** Noise, a gradient and flat areas, so every filter the encoder picks gets used and undone. */
    @Test
    void decodesToTheSamePixelsWithValidChunks() {
        Raster r = new Raster(37, 23);
        SplittableRandom rng = new SplittableRandom(1);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                int c = y < 8 ? rng.nextInt(1 << 24) : y < 16 ? (x * 7) << 16 | (y * 11) << 8 | (x + y) : 0x336699;
                r.set(x, y, c);
            }
        }
        byte[] png = PngEncoder.encode(r);
        PngDecoder.Image img = PngDecoder.decode(png);
        assertEquals(37, img.width());
        assertEquals(23, img.height());
        assertEquals(List.of("IHDR", "IDAT", "IEND"), img.chunks());
        assertArrayEquals(r.pixels(), img.rgb());
    }

    @Test
    void aOnePixelImageAndAFlatImageEncode() {
        Raster one = new Raster(1, 1);
        one.set(0, 0, 0xABCDEF);
        assertEquals(0xABCDEF, PngDecoder.decode(PngEncoder.encode(one)).get(0, 0));
        Raster flat = new Raster(800, 460);
        byte[] png = PngEncoder.encode(flat);
        assertTrue(png.length < 4000, "a white 800x460 image compresses to a few kB, got " + png.length);
        for (int v : PngDecoder.decode(png).rgb()) assertEquals(Raster.WHITE, v);
    }
}
