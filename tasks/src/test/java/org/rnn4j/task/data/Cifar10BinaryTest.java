package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.task.data.IdxFileTest.assertBad;
import static org.rnn4j.task.data.IdxFileTest.gzip;
import static org.rnn4j.task.data.IdxFileTest.pattern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryTest {

    @TempDir
    Path dir;

    @Test
    void readsRecordsAsLabelAndThreePlanesValueByValue() throws IOException {
        byte[] labels = {6, 9, 0};
        byte[] file = records(labels, 1);
        ImageSet set = Cifar10Binary.read(write("data_batch_1.bin", file));
        assertEquals(3, set.count());
        assertEquals(3, set.channels());
        assertEquals(32, set.rows());
        assertEquals(32, set.cols());
        assertEquals(10, set.classes());
        for (int n = 0; n < 3; n++) {
            assertEquals(labels[n], set.label(n));
            int record = n * 3073;
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < 32; r++) {
                    for (int c = 0; c < 32; c++) {
                        int want = file[record + 1 + ch * 1024 + r * 32 + c] & 0xFF;
                        assertEquals(want, set.pixel(n, ch, r, c), "image " + n + " (" + ch + ", " + r + ", " + c + ")");
                    }
                }
            }
            // the image is the record minus its label byte: planar R, G, B as stored
            assertArrayEquals(Arrays.copyOfRange(file, record + 1, record + 3073),
                    Arrays.copyOfRange(set.pixels(), n * 3072, (n + 1) * 3072));
        }
    }

    @Test
    void readsSeveralFilesInTheOrderGiven() throws IOException {
        byte[] a = records(new byte[] {1, 2, 3}, 1), b = records(new byte[] {4, 5}, 2);
        Path fa = write("data_batch_1.bin", a), fb = write("data_batch_2.bin", b);
        ImageSet set = Cifar10Binary.read(List.of(fb, fa));
        assertEquals(5, set.count());
        assertArrayEquals(new byte[] {4, 5, 1, 2, 3}, set.labels());
        assertArrayEquals(Arrays.copyOfRange(b, 3074, 2 * 3073), Arrays.copyOfRange(set.pixels(), 3072, 2 * 3072));
        assertArrayEquals(Arrays.copyOfRange(a, 1, 3073), Arrays.copyOfRange(set.pixels(), 2 * 3072, 3 * 3072));
        assertArrayEquals(set.pixels(), Cifar10Binary.read(fb, fa).pixels());
    }

    @Test
    void readsMoreRecordsThanOneBulkRead() throws IOException {
        byte[] labels = new byte[1500];                          // 1024 records per read: one full, one partial
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) (i % 10);
        byte[] file = records(labels, 3);
        ImageSet set = Cifar10Binary.read(write("big.bin", file));
        assertArrayEquals(labels, set.labels());
        for (int n = 0; n < labels.length; n += 37) {
            assertArrayEquals(Arrays.copyOfRange(file, n * 3073 + 1, (n + 1) * 3073),
                    Arrays.copyOfRange(set.pixels(), n * 3072, (n + 1) * 3072), "image " + n);
        }
        assertEquals(1499 % 10, set.label(1499));
        assertEquals(file[1499 * 3073 + 3072] & 0xFF, set.pixel(1499, 2, 31, 31));
    }

    @Test
    void classNamesAreTheTenCifarClassesInLabelOrder() {
        assertEquals(10, Cifar10Binary.CLASS_NAMES.size());
        assertEquals("airplane", Cifar10Binary.CLASS_NAMES.get(0));
        assertEquals("truck", Cifar10Binary.CLASS_NAMES.get(9));
    }

    // ---- bad input ----

    @Test
    void rejectsASizeThatIsNotAMultipleOf3073() throws IOException {
        byte[] file = records(new byte[] {1, 2, 3}, 1);
        Path cut = write("cut.bin", Arrays.copyOf(file, file.length - 1));
        assertBad(cut, () -> Cifar10Binary.read(cut), "has 9218 bytes", "not a multiple of 3073", "2 records and 3072 bytes left over");
    }

    @Test
    void rejectsCifar100SizedFilesWithAHint() throws IOException {
        Path file = write("train.bin", new byte[3 * 3074]);
        assertBad(file, () -> Cifar10Binary.read(file), "not a multiple of 3073", "CIFAR-100's 3074-byte records");
    }

    @Test
    void rejectsALabelOutOfRangeNamingTheRecord() throws IOException {
        Path file = write("test_batch.bin", records(new byte[] {0, 9, 10}, 1));
        assertBad(file, () -> Cifar10Binary.read(file), "label 10 in record 2", "byte offset 6146", "0..9");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = write("empty.bin", new byte[0]);
        assertBad(file, () -> Cifar10Binary.read(file), "is empty");
    }

    @Test
    void rejectsTheCompressedArchive() throws IOException {
        Path file = write("cifar-10-binary.tar.gz", gzip(records(new byte[] {1}, 1)));
        assertBad(file, () -> Cifar10Binary.read(file), "is gzip-compressed", "extract");
    }

    @Test
    void rejectsAMissingFileAmongOthers() throws IOException {
        Path ok = write("data_batch_1.bin", records(new byte[] {1}, 1));
        Path missing = dir.resolve("data_batch_2.bin");
        assertBad(missing, () -> Cifar10Binary.read(ok, missing), "does not exist");
    }

    @Test
    void rejectsNoFiles() {
        assertEquals("no CIFAR-10 file given",
                assertThrows(IllegalArgumentException.class, () -> Cifar10Binary.read(List.of())).getMessage());
    }

    /** CIFAR-10 records: each label then 3072 pattern bytes. */
    private static byte[] records(byte[] labels, int seed) {
        byte[] pixels = pattern(labels.length * 3072, seed);
        byte[] out = new byte[labels.length * 3073];
        for (int n = 0; n < labels.length; n++) {
            out[n * 3073] = labels[n];
            System.arraycopy(pixels, n * 3072, out, n * 3073 + 1, 3072);
        }
        return out;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
