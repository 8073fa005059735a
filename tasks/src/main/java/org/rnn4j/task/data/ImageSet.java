package org.rnn4j.task.data;

import java.util.Objects;
import org.rnn4j.data.Check;

/**
 * N labelled images held as unsigned bytes, as {@link IdxFile#readImageSet} and
 * {@link Cifar10Binary#read} deliver them.
 * <pre>
 *   pixels  [N, channels, rows, cols]  row-major; values 0..255 stored as bytes (read with b &amp; 0xFF)
 *   labels  [N]                        class ids in [0, classes), stored as bytes
 * </pre>
 * Each image is {@code channels} planes of {@code rows × cols}: all of channel 0, then all of
 * channel 1, and so on. That is the order CIFAR-10 stores (R plane, G plane, B plane); a
 * one-channel set (MNIST) is simply {@code [N, rows, cols]}.
 * <p>The arrays are held, not copied, so a 47 MB pixel array exists once; do not modify them.
 * As for any record with array components, {@code equals} compares the arrays by identity.
 *
 * @param count    N, the number of images (≥ 0)
 * @param rows     image height (≥ 1)
 * @param cols     image width (≥ 1)
 * @param channels planes per image (≥ 1): 1 for MNIST, 3 (R, G, B) for CIFAR-10
 * @param classes  number of classes (1..256); every label is in [0, classes)
 * @param pixels   [N, channels, rows, cols] unsigned bytes
 * @param labels   [N] class ids
 */
public record ImageSet(int count, int rows, int cols, int channels, int classes, byte[] pixels, byte[] labels) {

    /** Validates the sizes, the array lengths and that every label is in [0, classes). */
    public ImageSet {
        Check.nonNegative("count N", count);
        Check.positive("rows", rows);
        Check.positive("cols", cols);
        Check.positive("channels", channels);
        Check.inRange("classes", classes, 1, 256);
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        long want = (long) count * rows * cols * channels;
        if (pixels.length != want) {
            throw new IllegalArgumentException("pixels must hold [N=" + count + ", channels=" + channels + ", rows="
                    + rows + ", cols=" + cols + "] = " + want + " bytes, got " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels must hold N=" + count + " bytes, got " + labels.length);
        }
        int bad = firstLabelOutOfRange(labels, classes);
        if (bad >= 0) {
            throw new IllegalArgumentException("label of image " + bad + " must be in [0, " + (classes - 1) + "], got "
                    + (labels[bad] & 0xFF));
        }
    }

    /** Bytes per image: {@code channels · rows · cols}. */
    public int imageSize() {
        return channels * rows * cols;
    }

    /** Pixel value 0..255 of image {@code image} at ({@code channel}, {@code row}, {@code col}). */
    public int pixel(int image, int channel, int row, int col) {
        Objects.checkIndex(image, count);
        Objects.checkIndex(channel, channels);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return pixels[((image * channels + channel) * rows + row) * cols + col] & 0xFF;
    }

    /** Class id of image {@code image}, in [0, classes). */
    public int label(int image) {
        return labels[Objects.checkIndex(image, count)] & 0xFF;
    }

    /** Shape and class count; the arrays are not printed. */
    @Override
    public String toString() {
        return "ImageSet[N=" + count + ", channels=" + channels + ", rows=" + rows + ", cols=" + cols
                + ", classes=" + classes + "]";
    }

    /** Index of the first label (unsigned) ≥ {@code classes}, or −1 when all are in range. */
    static int firstLabelOutOfRange(byte[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= classes) return i;
        }
        return -1;
    }
}
