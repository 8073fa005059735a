package org.rnn4j.task.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.rnn4j.data.Check;

/**
 * One IDX file of unsigned bytes, read whole into memory: the format of MNIST and Fashion-MNIST
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-…}), plain or
 * gzipped ({@code .gz}; detected by the gzip magic 0x1F 0x8B, not by the name).
 * <p>Format, from Yann LeCun's MNIST page (http://yann.lecun.com/exdb/mnist/, "File formats";
 * integers big-endian, "MSB first"):
 * <pre>
 *   offset     bytes         field
 *   0          2             0x00 0x00
 *   2          1             data type: 0x08 unsigned byte (read here); 0x09 signed byte,
 *                            0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64 (rejected)
 *   3          1             D, the number of dimensions (≥ 1 here)
 *   4          4·D           sizes d₀ … d_{D−1}, each an int32
 *   4 + 4·D    d₀·d₁·…·d_{D−1}  the values, row-major (the last index changes fastest)
 * </pre>
 * Image files are {@code [N, rows, cols]} (MNIST: 28 × 28, pixel 0 = background, 255 = ink),
 * label files {@code [N]} with class ids 0..9. The file must end exactly where the data the header
 * declares ends.
 * <p>Bad input fails with an {@link IllegalArgumentException} whose message starts with the path
 * (see {@link #read}); sizes are checked against the file length before anything is allocated.
 */
public final class IdxFile {

    /** The data type code this reader supports: unsigned byte. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** Classes and image side of MNIST and Fashion-MNIST. */
    static final int MNIST_CLASSES = 10, MNIST_SIDE = 28;

    /**
     * Deflate's largest expansion, 1032 : 1 (a 258-byte match, its longest, costs at least 2 bits;
     * zlib documents the same factor): a gzipped file of n bytes unpacks to at most 1032·n bytes.
     */
    private static final long MAX_INFLATE_RATIO = 1032;

    private final Path file;
    private final int[] dims;
    private final byte[] data;

    private IdxFile(Path file, int[] dims, byte[] data) {
        this.file = file;
        this.dims = dims;
        this.data = data;
    }

    /**
     * Reads {@code file}, gunzipping it first when it starts with the gzip magic.
     *
     * @throws IllegalArgumentException naming the file when it is missing, empty, not an IDX file
     *         (no two leading zero bytes), of a data type other than 0x08, declares 0 dimensions or a
     *         negative size, declares more dimensions than its header holds, holds fewer data bytes
     *         than the header declares (truncated) or more (trailing bytes), is a corrupt or
     *         truncated gzip stream, or declares more data than a gzip file of its length can
     *         unpack to or one Java array holds
     * @throws IOException when reading fails
     */
    public static IdxFile read(Path file) throws IOException {
        long fileSize = DataFiles.size(file);
        if (fileSize == 0) throw new IllegalArgumentException(file + " is empty: not an IDX file");
        try (PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2)) {
            byte[] head = in.readNBytes(2);
            in.unread(head);
            if (!DataFiles.isGzip(head)) return parse(file, in, fileSize, false, 0);
            long hint = gzipSizeField(file, fileSize);
            try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
                return parse(file, gz, fileSize, true, hint);
            } catch (ZipException | EOFException e) {
                throw new IllegalArgumentException(file + " is a corrupt or truncated gzip file (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * Reads the IDX image file and label file of one split into an {@link ImageSet} with one
     * channel. {@code images} must be {@code [N, rows, cols]}, {@code labels} {@code [N]} with the
     * same N and every label in [0, classes).
     *
     * @throws IllegalArgumentException naming the offending file for any problem {@link #read}
     *         reports, for wrong dimension counts, a count mismatch or a label out of range
     */
    public static ImageSet readImageSet(Path images, Path labels, int classes) throws IOException {
        Check.inRange("classes", classes, 1, 256);
        return imageSet(images, labels, classes, -1, -1);
    }

    /**
     * As {@link #readImageSet(Path, Path, int)}, and the images must be {@code rows × cols}.
     *
     * @throws IllegalArgumentException also when the images have another size, naming the file
     */
    public static ImageSet readImageSet(Path images, Path labels, int classes, int rows, int cols) throws IOException {
        Check.inRange("classes", classes, 1, 256);
        Check.positive("rows", rows);
        Check.positive("cols", cols);
        return imageSet(images, labels, classes, rows, cols);
    }

    /**
     * An MNIST or Fashion-MNIST split: 28 × 28 images, labels 0..9 (for example
     * {@code train-images-idx3-ubyte} with {@code train-labels-idx1-ubyte}, plain or gzipped).
     */
    public static ImageSet readMnist(Path images, Path labels) throws IOException {
        return imageSet(images, labels, MNIST_CLASSES, MNIST_SIDE, MNIST_SIDE);
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** The sizes d₀ … d_{D−1} from the header (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** d₀: the number of items (images, labels). */
    public int count() {
        return dims[0];
    }

    /** Values per item: d₁·…·d_{D−1} (1 for a one-dimensional file). */
    public int itemSize() {
        int n = 1;
        for (int k = 1; k < dims.length; k++) n *= dims[k];
        return n;
    }

    /** The number of values: d₀·d₁·…·d_{D−1}. */
    public int length() {
        return data.length;
    }

    /** Value {@code i} (row-major over {@link #dims}), 0..255. */
    public int value(int i) {
        return data[Objects.checkIndex(i, data.length)] & 0xFF;
    }

    /**
     * The values as stored: the array itself, not a copy, so the data exists once. Bytes are
     * unsigned (read with {@code b & 0xFF}); do not modify them.
     */
    public byte[] bytes() {
        return data;
    }

    /** The values as a new int[] of 0..255. */
    public int[] ints() {
        int[] out = new int[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF;
        return out;
    }

    /** The values times {@code scale} as a new float[] (for example 1/255f for pixels in [0, 1]). */
    public float[] floats(float scale) {
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) out[i] = (data[i] & 0xFF) * scale;
        return out;
    }

    @Override
    public String toString() {
        return "IdxFile[" + file + ", dims=" + Arrays.toString(dims) + "]";
    }

    // ---- reading ----

    /**
     * Parses header and data from {@code in}. The header's data size is checked before allocating:
     * for a plain file it must equal the file length minus the header; a gzipped file of
     * {@code fileSize} bytes cannot expand to more than {@link #MAX_INFLATE_RATIO} times that, and
     * its data buffer starts at {@code sizeHint} bytes (capped by the header's size) and grows only
     * as data actually arrives, so a corrupt header cannot make it allocate more than the data.
     */
    private static IdxFile parse(Path file, InputStream in, long fileSize, boolean gzip, long sizeHint)
            throws IOException {
        int[] dims = readHeader(file, in, gzip ? "unzipped data" : "file");
        int headerBytes = 4 + 4 * dims.length;
        long expected = 1;                                       // saturates at Long.MAX_VALUE
        for (int size : dims) expected = size == 0 || expected <= Long.MAX_VALUE / size ? expected * size : Long.MAX_VALUE;
        String declared = "its header (dims " + Arrays.toString(dims) + ") declares " + bytes(expected) + " of data";
        if (!gzip) {                                             // plain: check against the length first
            long available = fileSize - headerBytes;
            if (expected > available) {
                throw new IllegalArgumentException(file + " is truncated: " + declared + ", found " + bytes(available));
            }
            if (expected < available) throw trailing(file, declared, available - expected);
        }
        if (gzip && expected > MAX_INFLATE_RATIO * fileSize - headerBytes) {
            throw new IllegalArgumentException(file + " is corrupt: " + declared + ", more than a gzip file of "
                    + bytes(fileSize) + " can hold (deflate expands at most " + MAX_INFLATE_RATIO + " : 1)");
        }
        if (expected > DataFiles.MAX_ARRAY) {
            throw new IllegalArgumentException(file + " is too large: " + declared + ", more than one Java array holds ("
                    + DataFiles.MAX_ARRAY + ")");
        }
        int n = (int) expected;
        byte[] data = new byte[gzip ? (int) Math.min(n, Math.max(sizeHint - headerBytes, DataFiles.CHUNK)) : n];
        int got = 0;
        while (true) {
            got += DataFiles.read(in, data, got, data.length - got);
            if (got < data.length || got == n) break;            // end of stream, or all data read
            data = Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
        }
        if (got < n) throw new IllegalArgumentException(file + " is truncated: " + declared + ", found " + bytes(got));
        long extra = DataFiles.remaining(in);                  // for gzip this also checks the CRC trailer
        if (extra > 0) throw trailing(file, declared, extra);
        return new IdxFile(file, dims, data);
    }

    /** Reads magic, type, D and the D sizes; {@code where} names what is read ("file", "unzipped data"). */
    private static int[] readHeader(Path file, InputStream in, String where) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new IllegalArgumentException(file + " is not an IDX file: the " + where + " has " + bytes(head.length)
                    + ", an IDX header has at least 4");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw new IllegalArgumentException(file + " is not an IDX file: the " + where + " starts with "
                    + DataFiles.hex(head[0]) + " " + DataFiles.hex(head[1]) + ", an IDX file with 0x00 0x00");
        }
        int type = head[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IllegalArgumentException(file + " has IDX data type " + DataFiles.hex(type) + " (" + typeName(type)
                    + "); rnn4j reads only type 0x08 (unsigned byte)");
        }
        int d = head[3] & 0xFF;
        if (d == 0) throw new IllegalArgumentException(file + " declares 0 dimensions; an IDX file has at least 1");
        byte[] sizes = in.readNBytes(4 * d);
        if (sizes.length < 4 * d) {
            throw new IllegalArgumentException(file + " declares " + d + " dimensions, which need a header of "
                    + (4 + 4 * d) + " bytes, but the " + where + " has only " + bytes(4 + sizes.length));
        }
        int[] dims = new int[d];
        ByteBuffer.wrap(sizes).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(dims);
        for (int k = 0; k < d; k++) {
            if (dims[k] < 0) {
                throw new IllegalArgumentException(file + " declares size " + dims[k] + " for dimension " + k
                        + " (dims " + Arrays.toString(dims) + "); sizes must be >= 0 (corrupt header?)");
            }
        }
        return dims;
    }

    private static IllegalArgumentException trailing(Path file, String declared, long extra) {
        return new IllegalArgumentException(file + " has " + bytes(extra) + " after the data: " + declared
                + " (trailing garbage, or a wrong header)");
    }

    private static String bytes(long n) {
        return n == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE + " bytes" : n == 1 ? "1 byte" : n + " bytes";
    }

    /**
     * The last member's ISIZE field of a gzip file (uncompressed length mod 2³², little-endian in
     * its last 4 bytes; RFC 1952): a size hint only, never trusted as a length. Bounded by what
     * deflate can expand the file to.
     */
    private static long gzipSizeField(Path file, long fileSize) throws IOException {
        if (fileSize < 4) return 0;
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ch.position(fileSize - 4);
            while (tail.hasRemaining() && ch.read(tail) >= 0) { /* fill */ }
        }
        long isize = tail.hasRemaining() ? 0 : Integer.toUnsignedLong(tail.getInt(0));
        return Math.min(isize, MAX_INFLATE_RATIO * fileSize);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> "not an IDX type";
        };
    }

    private static ImageSet imageSet(Path images, Path labels, int classes, int rows, int cols) throws IOException {
        IdxFile img = read(images);
        if (img.dims.length != 3) {
            throw new IllegalArgumentException(images + " has dims " + Arrays.toString(img.dims)
                    + "; an image file has 3: [N, rows, cols]");
        }
        if (rows > 0 && (img.dims[1] != rows || img.dims[2] != cols)) {
            throw new IllegalArgumentException(images + " holds " + img.dims[1] + "×" + img.dims[2] + " images, expected "
                    + rows + "×" + cols + (rows == MNIST_SIDE && cols == MNIST_SIDE ? " (MNIST)" : ""));
        }
        IdxFile lab = read(labels);
        if (lab.dims.length != 1) {
            throw new IllegalArgumentException(labels + " has dims " + Arrays.toString(lab.dims)
                    + "; a label file has 1: [N]");
        }
        if (lab.count() != img.count()) {
            throw new IllegalArgumentException(labels + " holds " + lab.count() + " labels but " + images + " holds "
                    + img.count() + " images");
        }
        int bad = ImageSet.firstLabelOutOfRange(lab.data, classes);
        if (bad >= 0) {
            throw new IllegalArgumentException(labels + " has label " + (lab.data[bad] & 0xFF) + " at index " + bad
                    + "; labels must be in [0, " + (classes - 1) + "]");
        }
        return new ImageSet(img.count(), img.dims[1], img.dims[2], 1, classes, img.data, lab.data);
    }
}
