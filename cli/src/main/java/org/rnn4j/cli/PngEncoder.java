package org.rnn4j.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes a {@link Raster} as a PNG file (ISO/IEC 15948): the signature, an {@code IHDR} chunk
 * (8-bit RGB, no interlace), one {@code IDAT} chunk with the zlib-compressed scanlines and an
 * {@code IEND} chunk; each chunk is length, type, data and the CRC-32 of type and data. Each
 * scanline gets the filter (None, Sub or Up) with the smallest sum of absolute byte values, the
 * usual heuristic: flat plot areas then compress to a few kilobytes.
 */
final class PngEncoder {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static final int FILTER_NONE = 0, FILTER_SUB = 1, FILTER_UP = 2;

    private PngEncoder() {}

    /** The PNG bytes of {@code image}. */
    static byte[] encode(Raster image) {
        int w = image.width(), h = image.height(), stride = 3 * w;
        int[] px = image.pixels();
        byte[] raw = new byte[h * (1 + stride)];                  // raw: [H, 1 + 3W], filter byte first
        byte[] prev = new byte[stride], cur = new byte[stride];
        byte[][] candidates = {new byte[stride], new byte[stride], new byte[stride]};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = px[y * w + x];
                cur[3 * x] = (byte) (c >> 16);
                cur[3 * x + 1] = (byte) (c >> 8);
                cur[3 * x + 2] = (byte) c;
            }
            for (int i = 0; i < stride; i++) {
                candidates[FILTER_NONE][i] = cur[i];
                candidates[FILTER_SUB][i] = (byte) (cur[i] - (i >= 3 ? cur[i - 3] : 0));
                candidates[FILTER_UP][i] = (byte) (cur[i] - prev[i]);
            }
            int best = FILTER_NONE;
            long bestCost = Long.MAX_VALUE;
            for (int f = 0; f < candidates.length; f++) {
                long cost = 0;
                for (byte b : candidates[f]) cost += Math.abs(b);  // bytes as signed: small deltas cost little
                if (cost < bestCost) {
                    bestCost = cost;
                    best = f;
                }
            }
            int o = y * (1 + stride);
            raw[o] = (byte) best;
            System.arraycopy(candidates[best], 0, raw, o + 1, stride);
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8;                                              // bit depth
        ihdr[9] = 2;                                              // colour type: RGB
        ihdr[10] = 0;                                             // compression: deflate
        ihdr[11] = 0;                                             // filter method 0
        ihdr[12] = 0;                                             // no interlace
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 8 + 64);
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] head = new byte[8];
        putInt(head, 0, data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        out.writeBytes(head);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
