package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A minimal PNG reader for tests, written from the PNG specification independently of
 * {@link PngEncoder}: checks the signature, every chunk's CRC-32, the chunk order (IHDR first,
 * IEND last), that IHDR declares 8-bit RGB without interlace, that the inflated data is exactly
 * {@code height·(1 + 3·width)} bytes, and undoes all five scanline filters.
 */
final class PngDecoder {
    private PngDecoder() {}

    /** A decoded image: {@code 0xRRGGBB} per pixel, row-major. */
    record Image(int width, int height, int[] rgb, List<String> chunks) {
        int get(int x, int y) {
            return rgb[y * width + x];
        }
    }

    static Image decode(byte[] png) {
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, Arrays.copyOf(png, 8), "signature");
        ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
        List<String> chunks = new ArrayList<>();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        int w = -1, h = -1;
        while (b.hasRemaining()) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            long crc = Integer.toUnsignedLong(b.getInt());
            CRC32 c = new CRC32();
            c.update(type);
            c.update(data);
            String t = new String(type, StandardCharsets.US_ASCII);
            assertEquals(c.getValue(), crc, "CRC of chunk " + t);
            chunks.add(t);
            switch (t) {
                case "IHDR" -> {
                    ByteBuffer d = ByteBuffer.wrap(data);
                    w = d.getInt();
                    h = d.getInt();
                    assertEquals(8, d.get(), "bit depth");
                    assertEquals(2, d.get(), "colour type RGB");
                    assertEquals(0, d.get(), "compression");
                    assertEquals(0, d.get(), "filter method");
                    assertEquals(0, d.get(), "interlace");
                }
                case "IDAT" -> idat.writeBytes(data);
                default -> { }
            }
        }
        assertEquals("IHDR", chunks.get(0));
        assertEquals("IEND", chunks.get(chunks.size() - 1));
        assertTrue(w > 0 && h > 0);
        byte[] raw = inflate(idat.toByteArray());
        int stride = 3 * w;
        assertEquals((long) h * (1 + stride), raw.length, "inflated size = height·(1 + 3·width)");
        int[] rgb = new int[w * h];
        byte[] prev = new byte[stride], cur = new byte[stride];
        for (int y = 0; y < h; y++) {
            int f = raw[y * (1 + stride)];
            for (int i = 0; i < stride; i++) {
                int x = raw[y * (1 + stride) + 1 + i] & 0xFF;
                int a = i >= 3 ? cur[i - 3] & 0xFF : 0, up = prev[i] & 0xFF, c = i >= 3 ? prev[i - 3] & 0xFF : 0;
                int v = switch (f) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + up;
                    case 3 -> x + (a + up) / 2;
                    case 4 -> x + paeth(a, up, c);
                    default -> throw new AssertionError("filter type " + f + " on row " + y);
                };
                cur[i] = (byte) v;
            }
            for (int x = 0; x < w; x++) rgb[y * w + x] = (cur[3 * x] & 0xFF) << 16 | (cur[3 * x + 1] & 0xFF) << 8 | cur[3 * x + 2] & 0xFF;
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return new Image(w, h, rgb, chunks);
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] inflate(byte[] z) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(z);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) throw new AssertionError("truncated zlib stream");
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("bad zlib stream: " + e.getMessage());
        } finally {
            inf.end();
        }
    }
}
