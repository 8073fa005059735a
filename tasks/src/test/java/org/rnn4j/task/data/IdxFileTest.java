package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    // ---- well-formed files ----

    @Test
    void readsA28x28ImageFileValueByValue() throws IOException {
        byte[] pixels = pattern(5 * 28 * 28, 7);
        Path file = write("train-images-idx3-ubyte", idx(UBYTE, new int[] {5, 28, 28}, pixels));
        IdxFile idx = IdxFile.read(file);
        assertEquals(file, idx.file());
        assertArrayEquals(new int[] {5, 28, 28}, idx.dims());
        assertEquals(5, idx.count());
        assertEquals(28 * 28, idx.itemSize());
        assertEquals(5 * 28 * 28, idx.length());
        assertArrayEquals(pixels, idx.bytes());
        int[] ints = idx.ints();
        float[] floats = idx.floats(1 / 255f);
        for (int i = 0; i < pixels.length; i++) {
            int want = pixels[i] & 0xFF;
            assertEquals(want, idx.value(i), "value " + i);
            assertEquals(want, ints[i], "int " + i);
            assertEquals(want * (1 / 255f), floats[i], "float " + i);
        }
        assertTrue(Arrays.stream(ints).anyMatch(v -> v > 127), "the pattern must exercise unsigned values above 127");
    }

    @Test
    void bytesIsTheDataArrayItselfAndDimsIsACopy() throws IOException {
        IdxFile idx = IdxFile.read(write("a", idx(UBYTE, new int[] {2, 3}, pattern(6, 1))));
        assertSame(idx.bytes(), idx.bytes());
        idx.dims()[0] = 99;
        assertEquals(2, idx.count());
    }

    @Test
    void readsAGzippedFileLikeThePlainOne() throws IOException {
        byte[] pixels = pattern(5 * 3 * 4, 3);
        byte[] plain = idx(UBYTE, new int[] {5, 3, 4}, pixels);
        IdxFile idx = IdxFile.read(write("images-idx3-ubyte.gz", gzip(plain)));
        assertArrayEquals(new int[] {5, 3, 4}, idx.dims());
        assertArrayEquals(pixels, idx.bytes());
        assertArrayEquals(IdxFile.read(write("images-idx3-ubyte", plain)).bytes(), idx.bytes());
    }

    @Test
    void detectsGzipByContentNotByName() throws IOException {
        byte[] labels = {0, 1, 2, 9};
        assertArrayEquals(labels, IdxFile.read(write("labels.idx", gzip(idx(UBYTE, new int[] {4}, labels)))).bytes());
        assertArrayEquals(labels, IdxFile.read(write("labels.gz", idx(UBYTE, new int[] {4}, labels))).bytes());
    }

    @Test
    void readsGzipMembersLargerThanTheirSizeHintByGrowingTheBuffer() throws IOException {
        // two gzip members: the trailer's size field (last member only) undercounts the data 6-fold
        byte[] data = pattern(3 * DataFiles.CHUNK, 11);
        byte[] plain = idx(UBYTE, new int[] {3, DataFiles.CHUNK}, data);
        int cut = plain.length - DataFiles.CHUNK / 2;
        var out = new ByteArrayOutputStream();
        out.writeBytes(gzip(Arrays.copyOfRange(plain, 0, cut)));
        out.writeBytes(gzip(Arrays.copyOfRange(plain, cut, plain.length)));
        assertArrayEquals(data, IdxFile.read(write("two-members.gz", out.toByteArray())).bytes());
    }

    @Test
    void readsAFileWithZeroItems() throws IOException {
        IdxFile idx = IdxFile.read(write("empty-set", idx(UBYTE, new int[] {0, 28, 28}, new byte[0])));
        assertEquals(0, idx.count());
        assertEquals(0, idx.length());
    }

    @Test
    void readsAnMnistPairIntoAnImageSet() throws IOException {
        byte[] pixels = pattern(5 * 28 * 28, 5);
        byte[] labels = {3, 0, 9, 1, 7};
        Path images = write("t10k-images-idx3-ubyte", idx(UBYTE, new int[] {5, 28, 28}, pixels));
        Path labelFile = write("t10k-labels-idx1-ubyte.gz", gzip(idx(UBYTE, new int[] {5}, labels)));
        ImageSet set = IdxFile.readMnist(images, labelFile);
        assertEquals(5, set.count());
        assertEquals(28, set.rows());
        assertEquals(28, set.cols());
        assertEquals(1, set.channels());
        assertEquals(10, set.classes());
        assertArrayEquals(pixels, set.pixels());
        assertArrayEquals(labels, set.labels());
        for (int i = 0; i < 5; i++) {
            assertEquals(labels[i], set.label(i));
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    assertEquals(pixels[(i * 28 + r) * 28 + c] & 0xFF, set.pixel(i, 0, r, c));
                }
            }
        }
    }

    @Test
    void readsAPairOfAnySizeAndClassCount() throws IOException {
        byte[] pixels = pattern(5 * 3 * 4, 2);
        byte[] labels = {0, 2, 1, 2, 0};
        Path images = write("img.gz", gzip(idx(UBYTE, new int[] {5, 3, 4}, pixels)));
        Path labelFile = write("lab", idx(UBYTE, new int[] {5}, labels));
        ImageSet any = IdxFile.readImageSet(images, labelFile, 3);
        assertEquals(3, any.rows());
        assertEquals(4, any.cols());
        assertEquals(3, any.classes());
        assertArrayEquals(pixels, any.pixels());
        assertArrayEquals(labels, any.labels());
        ImageSet sized = IdxFile.readImageSet(images, labelFile, 3, 3, 4);
        assertArrayEquals(pixels, sized.pixels());
    }

    // ---- bad input: one test per problem; the message starts with the file and names the problem ----

    @Test
    void rejectsAMissingFile() {
        Path file = dir.resolve("nope");
        assertBad(file, () -> IdxFile.read(file), "does not exist");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = write("empty", new byte[0]);
        assertBad(file, () -> IdxFile.read(file), "is empty", "not an IDX file");
    }

    @Test
    void rejectsAFileShorterThanTheMagic() throws IOException {
        Path file = write("short", new byte[] {0, 0, 8});
        assertBad(file, () -> IdxFile.read(file), "not an IDX file", "has 3 bytes", "at least 4");
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path file = write("readme.txt", "hello, world".getBytes());
        assertBad(file, () -> IdxFile.read(file), "is not an IDX file", "starts with 0x68 0x65", "0x00 0x00");
    }

    @Test
    void rejectsWrongMagicInsideAGzipFile() throws IOException {
        Path file = write("readme.txt.gz", gzip("hello, world".getBytes()));
        assertBad(file, () -> IdxFile.read(file), "is not an IDX file", "unzipped data starts with 0x68 0x65");
    }

    @Test
    void rejectsAnUnsupportedDataTypeNamingTheCodeAndTheSupportedOne() throws IOException {
        Path file = write("floats", idx(0x0D, new int[] {2}, new byte[8]));
        assertBad(file, () -> IdxFile.read(file), "data type 0x0D (float32)", "only type 0x08 (unsigned byte)");
        Path odd = write("odd", idx(0x42, new int[] {2}, new byte[2]));
        assertBad(odd, () -> IdxFile.read(odd), "data type 0x42 (not an IDX type)", "0x08");
    }

    @Test
    void rejectsZeroDimensions() throws IOException {
        Path file = write("scalar", new byte[] {0, 0, 8, 0, 42});
        assertBad(file, () -> IdxFile.read(file), "declares 0 dimensions");
    }

    @Test
    void rejectsADimensionCountTheHeaderCannotHold() throws IOException {
        byte[] bytes = idx(UBYTE, new int[] {3}, new byte[3]);
        bytes[3] = (byte) 200;                                   // 200 dimensions need an 804-byte header
        Path file = write("labels", bytes);
        assertBad(file, () -> IdxFile.read(file), "declares 200 dimensions", "header of 804 bytes", "only 11 bytes");
    }

    @Test
    void rejectsANegativeSize() throws IOException {
        Path file = write("neg", idx(UBYTE, new int[] {-5, 2}, new byte[0]));
        assertBad(file, () -> IdxFile.read(file), "size -5 for dimension 0", "[-5, 2]");
    }

    @Test
    void rejectsATruncatedFileNamingExpectedAndFoundBytes() throws IOException {
        byte[] whole = idx(UBYTE, new int[] {5, 28, 28}, pattern(5 * 28 * 28, 1));
        Path file = write("cut", Arrays.copyOf(whole, 16 + 3000));
        assertBad(file, () -> IdxFile.read(file), "is truncated", "dims [5, 28, 28]", "3920 bytes of data",
                "found 3000 bytes");
    }

    @Test
    void rejectsTruncatedDataInsideAWellFormedGzip() throws IOException {
        byte[] whole = idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1));
        Path file = write("cut.gz", gzip(Arrays.copyOf(whole, 16 + 50)));
        assertBad(file, () -> IdxFile.read(file), "is truncated", "60 bytes of data", "found 50 bytes");
    }

    @Test
    void rejectsTrailingGarbage() throws IOException {
        byte[] whole = idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1));
        Path file = write("long", Arrays.copyOf(whole, whole.length + 7));
        assertBad(file, () -> IdxFile.read(file), "has 7 bytes after the data", "dims [5, 3, 4]", "60 bytes",
                "trailing garbage");
    }

    @Test
    void rejectsTrailingGarbageInsideAGzip() throws IOException {
        byte[] whole = idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1));
        Path file = write("long.gz", gzip(Arrays.copyOf(whole, whole.length + 1)));
        assertBad(file, () -> IdxFile.read(file), "has 1 byte after the data", "trailing garbage");
    }

    @Test
    void rejectsAHugeHeaderBeforeAllocating() throws IOException {
        int big = Integer.MAX_VALUE;
        Path file = write("huge", idx(UBYTE, new int[] {big, big, big}, pattern(100, 1)));
        assertBad(file, () -> IdxFile.read(file), "is truncated", "more than 9223372036854775807 bytes",
                "found 100 bytes");
        Path two = write("two-gb", idx(UBYTE, new int[] {big}, pattern(100, 1)));
        assertBad(two, () -> IdxFile.read(two), "is truncated", "2147483647 bytes of data", "found 100 bytes");
    }

    @Test
    void rejectsAGzipWhoseHeaderDeclaresMoreThanDeflateCanExpandTo() throws IOException {
        // 39 MB declared in a gzip file of about 200 bytes, which can expand to at most about 200 KB
        Path file = write("huge.gz", gzip(idx(UBYTE, new int[] {50_000, 28, 28}, pattern(100, 1))));
        assertBad(file, () -> IdxFile.read(file), "is corrupt", "dims [50000, 28, 28]", "39200000 bytes",
                "more than a gzip file of");
    }

    @Test
    void rejectsACutGzipStream() throws IOException {
        byte[] gz = gzip(idx(UBYTE, new int[] {5, 28, 28}, pattern(5 * 28 * 28, 1)));
        Path file = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertBad(file, () -> IdxFile.read(file), "corrupt or truncated gzip file");
    }

    @Test
    void rejectsCorruptDeflateData() throws IOException {
        byte[] gz = gzip(idx(UBYTE, new int[] {5, 28, 28}, pattern(5 * 28 * 28, 1)));
        for (int i = 10; i < gz.length - 8; i++) gz[i] = (byte) 0xFF;   // keep the gzip header, ruin the blocks
        Path file = write("bad.gz", gz);
        assertBad(file, () -> IdxFile.read(file), "corrupt or truncated gzip file");
    }

    @Test
    void rejectsAGzipWithAWrongChecksum() throws IOException {
        byte[] gz = gzip(idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1)));
        gz[gz.length - 8] ^= 1;                                  // CRC-32 field of the trailer
        Path file = write("crc.gz", gz);
        assertBad(file, () -> IdxFile.read(file), "corrupt or truncated gzip file");
    }

    @Test
    void rejectsAnImageFileWithoutThreeDimensions() throws IOException {
        Path images = write("flat", idx(UBYTE, new int[] {5, 12}, pattern(60, 1)));
        Path labels = write("lab", idx(UBYTE, new int[] {5}, new byte[5]));
        assertBad(images, () -> IdxFile.readImageSet(images, labels, 10), "dims [5, 12]", "[N, rows, cols]");
    }

    @Test
    void rejectsALabelFileWithoutOneDimension() throws IOException {
        Path images = write("img", idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1)));
        Path labels = write("lab", idx(UBYTE, new int[] {5, 1}, new byte[5]));
        assertBad(labels, () -> IdxFile.readImageSet(images, labels, 10), "dims [5, 1]", "[N]");
    }

    @Test
    void rejectsImagesThatAreNot28x28ForMnist() throws IOException {
        Path images = write("img", idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1)));
        Path labels = write("lab", idx(UBYTE, new int[] {5}, new byte[5]));
        assertBad(images, () -> IdxFile.readMnist(images, labels), "holds 3×4 images", "expected 28×28 (MNIST)");
        assertBad(images, () -> IdxFile.readImageSet(images, labels, 10, 4, 3), "holds 3×4 images", "expected 4×3");
    }

    @Test
    void rejectsALabelCountThatDiffersFromTheImageCount() throws IOException {
        Path images = write("img", idx(UBYTE, new int[] {5, 3, 4}, pattern(60, 1)));
        Path labels = write("lab", idx(UBYTE, new int[] {4}, new byte[4]));
        var e = assertBad(labels, () -> IdxFile.readImageSet(images, labels, 10), "holds 4 labels", "5 images");
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    }

    @Test
    void rejectsALabelOutOfRange() throws IOException {
        Path images = write("img", idx(UBYTE, new int[] {5, 28, 28}, pattern(5 * 28 * 28, 1)));
        Path labels = write("lab", idx(UBYTE, new int[] {5}, new byte[] {0, 9, 10, 3, 1}));
        assertBad(labels, () -> IdxFile.readMnist(images, labels), "label 10 at index 2", "[0, 9]");
        Path high = write("high", idx(UBYTE, new int[] {5}, new byte[] {0, 1, 2, (byte) 200, 1}));
        assertBad(high, () -> IdxFile.readImageSet(images, high, 3), "label 200 at index 3", "[0, 2]");
    }

    @Test
    void rejectsAClassCountOutsideOneTo256() throws IOException {
        Path images = write("img", idx(UBYTE, new int[] {1, 1, 1}, new byte[1]));
        var e = assertThrows(IllegalArgumentException.class, () -> IdxFile.readImageSet(images, images, 0));
        assertEquals("classes must be in [1, 256], got 0", e.getMessage());
    }

    // ---- helpers ----

    static final int UBYTE = 0x08;

    /** An IDX file: magic 0 0 type D, D big-endian int32 sizes, then {@code data}. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** n distinct-looking bytes covering 0..255, different per seed. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + seed * 101 + i / 255);
        return b;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Asserts an IllegalArgumentException whose message starts with {@code file} and contains every part. */
    static IllegalArgumentException assertBad(Path file, Executable read, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, read);
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString() + " "), "message must start with the file: " + m);
        for (String p : parts) assertTrue(m.contains(p), "message must contain '" + p + "': " + m);
        return e;
    }
}
