package org.rnn4j.task.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of ustar/POSIX tar streams (what {@code npm pack} writes): regular files only,
 * names from the 100-byte name field and the 155-byte prefix, sizes in octal; pax extended
 * headers ('x', 'g') and GNU long names ('L') are skipped (their entries keep the ustar name).
 * The JDK has no tar reader and one archive format does not justify a dependency.
 */
final class TarReader implements AutoCloseable {
    private static final int BLOCK = 512;

    /** One entry: its name and its content, readable until the next call to {@link #next}. */
    record Entry(String name, long size, InputStream content) {}

    private final InputStream in;
    private long remaining;     // content bytes of the current entry not yet read
    private long padding;       // bytes after the content up to the next 512-byte boundary

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next regular-file entry, or null at the end of the archive. */
    Entry next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] h = new byte[BLOCK];
        while (true) {
            if (!readBlock(h)) return null;
            if (allZero(h)) return null;                              // end-of-archive marker
            if (!checksumOk(h)) throw new IOException("not a tar archive (bad header checksum)");
            String name = text(h, 0, 100);
            String prefix = text(h, 345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
            long size = octal(h, 124, 12);
            char type = (char) h[156];
            long pad = (BLOCK - size % BLOCK) % BLOCK;
            if (type == '0' || type == 0) {
                remaining = size;
                padding = pad;
                return new Entry(name, size, new FilterInputStream(in) {
                    @Override
                    public int read() throws IOException {
                        if (remaining <= 0) return -1;
                        int b = in.read();
                        if (b < 0) throw new EOFException("tar entry truncated");
                        remaining--;
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (remaining <= 0) return -1;
                        int n = in.read(b, off, (int) Math.min(len, remaining));
                        if (n < 0) throw new EOFException("tar entry truncated");
                        remaining -= n;
                        return n;
                    }

                    @Override
                    public void close() {
                        // the archive stays open for the next entry
                    }
                });
            }
            skipFully(size + pad);                                    // directories, links, pax headers
        }
    }

    private boolean readBlock(byte[] h) throws IOException {
        int off = 0;
        while (off < BLOCK) {
            int n = in.read(h, off, BLOCK - off);
            if (n < 0) {
                if (off == 0) return false;
                throw new EOFException("tar archive truncated inside a header");
            }
            off += n;
        }
        return true;
    }

    private void skipFully(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException("tar archive truncated");
            n -= r;
        }
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    /** The header checksum: the sum of its bytes with the checksum field read as spaces. */
    private static boolean checksumOk(byte[] h) {
        long stored;
        try {
            stored = octal(h, 148, 8);
        } catch (IOException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        return sum == stored;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i] & 0xff;
            if (c == 0 || c == ' ') {
                if (any) break;
                continue;
            }
            if (c < '0' || c > '7') throw new IOException("not a tar archive (bad octal field)");
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
