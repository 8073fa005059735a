package org.rnn4j.task.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reader for the binary version of CIFAR-10 ({@code data_batch_1.bin} … {@code data_batch_5.bin},
 * {@code test_batch.bin}, as extracted from {@code cifar-10-binary.tar.gz}).
 * <p>Format, from the CIFAR page (https://www.cs.toronto.edu/~kriz/cifar.html, "Binary version"):
 * a file is a sequence of 3073-byte records with no header,
 * <pre>
 *   offset   bytes   field
 *   0        1       label, 0..9
 *   1        1024    red plane:   32 × 32, row-major (byte 1 + 32·row + col)
 *   1025     1024    green plane: 32 × 32, row-major
 *   2049     1024    blue plane:  32 × 32, row-major
 * </pre>
 * The distributed files hold 10000 records each (30,730,000 bytes). The reader keeps the planes
 * in stored order: image i of the {@link ImageSet} is its record's 3072 pixel bytes, i.e.
 * {@code [channels=3 (R, G, B), rows=32, cols=32]}. Labels name {@link #CLASS_NAMES}.
 * <p>Bad input fails with an {@link IllegalArgumentException} whose message starts with the path
 * (see {@link #read(List)}).
 */
public final class Cifar10Binary {
    private Cifar10Binary() {}

    /** Label byte plus 3 planes of 32 × 32. */
    public static final int RECORD_BYTES = 3073;

    /** Image side, channels and classes of CIFAR-10. */
    public static final int SIDE = 32, CHANNELS = 3, CLASSES = 10;

    /** Class names by label, as listed in the data set's {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private static final int PIXELS = CHANNELS * SIDE * SIDE;       // 3072 bytes per image
    private static final int RECORDS_PER_READ = 1024;               // a 3 MB buffer per bulk read

    /** As {@link #read(List)}. */
    public static ImageSet read(Path... files) throws IOException {
        if (files == null) throw new IllegalArgumentException("CIFAR-10 files must not be null");
        return read(List.of(files));
    }

    /**
     * Reads the records of {@code files}, in the order given, into one {@link ImageSet} of
     * 32 × 32 images with 3 channels and 10 classes.
     *
     * @throws IllegalArgumentException when no file is given, or naming the file when one is
     *         missing, empty, gzip-compressed (the archive, not extracted), not a whole number of
     *         3073-byte records, has a label outside 0..9, or when the files together hold more
     *         pixels than one Java array holds
     * @throws IOException when reading fails
     */
    public static ImageSet read(List<Path> files) throws IOException {
        if (files == null || files.isEmpty()) throw new IllegalArgumentException("no CIFAR-10 file given");
        long[] records = new long[files.size()];
        long total = 0;
        for (int f = 0; f < records.length; f++) {
            records[f] = recordCount(files.get(f));
            total += records[f];
        }
        if (total * PIXELS > DataFiles.MAX_ARRAY) {
            throw new IllegalArgumentException("the CIFAR-10 files " + files + " hold " + total + " images, "
                    + total * PIXELS + " pixel bytes; one Java array holds at most " + DataFiles.MAX_ARRAY);
        }
        int n = (int) total;
        byte[] pixels = new byte[n * PIXELS], labels = new byte[n];
        byte[] buf = new byte[(int) Math.min(RECORDS_PER_READ, Math.max(1, total)) * RECORD_BYTES];
        int image = 0;
        for (int f = 0; f < records.length; f++) {
            image = readRecords(files.get(f), (int) records[f], buf, pixels, labels, image);
        }
        return new ImageSet(n, SIDE, SIDE, CHANNELS, CLASSES, pixels, labels);
    }

    /** The number of records of {@code file}, from its length, after checking the length and the first bytes. */
    private static long recordCount(Path file) throws IOException {
        long size = DataFiles.size(file);
        if (size == 0) throw new IllegalArgumentException(file + " is empty: a CIFAR-10 batch holds 3073-byte records");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(2);
        }
        if (DataFiles.isGzip(head)) {
            throw new IllegalArgumentException(file + " is gzip-compressed: CIFAR-10 batches are read as plain files;"
                    + " extract cifar-10-binary.tar.gz first");
        }
        if (size % RECORD_BYTES != 0) {
            throw new IllegalArgumentException(file + " has " + size + " bytes, not a multiple of " + RECORD_BYTES
                    + " (a CIFAR-10 record is 1 label byte + 3072 pixel bytes): " + size / RECORD_BYTES
                    + " records and " + size % RECORD_BYTES + " bytes left over"
                    + (size % (RECORD_BYTES + 1) == 0 ? "; its size fits CIFAR-100's 3074-byte records, which this"
                            + " reader does not read" : ""));
        }
        return size / RECORD_BYTES;
    }

    /**
     * Reads {@code records} records of {@code file}, in bulk reads of up to {@code buf} bytes, into
     * {@code pixels} / {@code labels} from image {@code first}; returns the next free image index.
     */
    private static int readRecords(Path file, int records, byte[] buf, byte[] pixels, byte[] labels, int first)
            throws IOException {
        int image = first;
        try (InputStream in = Files.newInputStream(file)) {
            for (int r = 0; r < records; ) {
                int k = Math.min(buf.length / RECORD_BYTES, records - r);
                int got = DataFiles.read(in, buf, 0, k * RECORD_BYTES);
                if (got < k * RECORD_BYTES) {
                    throw new IllegalArgumentException(file + " is truncated: it shrank while being read ("
                            + ((long) r * RECORD_BYTES + got) + " of " + (long) records * RECORD_BYTES + " bytes)");
                }
                for (int j = 0; j < k; j++, image++) {
                    int label = buf[j * RECORD_BYTES] & 0xFF;
                    if (label >= CLASSES) {
                        throw new IllegalArgumentException(file + " has label " + label + " in record " + (r + j)
                                + " (byte offset " + (long) (r + j) * RECORD_BYTES + "); CIFAR-10 labels are 0..9");
                    }
                    labels[image] = (byte) label;
                    System.arraycopy(buf, j * RECORD_BYTES + 1, pixels, image * PIXELS, PIXELS);
                }
                r += k;
            }
            if (in.read() >= 0) throw new IllegalArgumentException(file + " grew while being read");
        }
        return image;
    }
}
