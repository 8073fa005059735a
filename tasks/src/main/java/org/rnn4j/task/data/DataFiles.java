package org.rnn4j.task.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** File checks and bulk reads shared by the readers of this package. */
final class DataFiles {
    private DataFiles() {}

    /** The largest byte[] the JVM reliably allocates; a data set must fit one array. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Bytes per read call: large enough for bulk copies, small enough to bound native buffers. */
    static final int CHUNK = 1 << 20;

    /** The size of {@code file}, which must be an existing regular file. */
    static long size(Path file) throws IOException {
        if (file == null) throw new IllegalArgumentException("data file must not be null");
        if (!Files.exists(file)) throw new IllegalArgumentException(file + " does not exist");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + " is not a regular file");
        return Files.size(file);
    }

    /** True when {@code head} starts with the gzip magic 0x1F 0x8B (RFC 1952). */
    static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
    }

    /**
     * Reads up to {@code len} bytes into {@code dst[off, off + len)} in calls of at most
     * {@link #CHUNK} bytes; returns the number read, less than {@code len} only at end of stream.
     */
    static int read(InputStream in, byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(dst, off + done, Math.min(CHUNK, len - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    /** Reads {@code in} to its end and returns how many bytes that was. */
    static long remaining(InputStream in) throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }

    /** {@code b} as two hex digits, 0x-prefixed. */
    static String hex(int b) {
        return String.format("0x%02X", b & 0xFF);
    }
}
