package org.rnn4j.task.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.rnn4j.data.Batch;
import org.rnn4j.task.NumpyRandomState;
import org.rnn4j.train.EpochData;

/**
 * Images read pixel by pixel as sequences, for (permuted) sequential MNIST and Fashion-MNIST:
 * <pre>
 *   x[t, b, 0] = pixel(image_b, perm[t]) / 255       t = 0 … P−1  (P = rows·cols, one channel)
 *   x[P, b, 0] = 0                                    an extra step, when extraStep
 *   label and mask only at the last step (index P−1, or P with the extra step)
 * </pre>
 * Folds index into a training image set (TRAIN, VALID) and a test image set (TEST).
 * <p>{@link #psmnist} is the NRU code's permuted MNIST exactly ({@code apsarath/NRU}
 * {@code PMNISTData(batch_size=100, seed=50)}, ../shared/papers/nru-chrono.md §1.4): one numpy
 * {@code RandomState(50)} draws, in this order, the shuffle of the 60,000 training images
 * ({@code permutation(60000)}: the first 50,000 are TRAIN, the last 10,000 VALID), the pixel
 * permutation ({@code permutation(784)}), then each epoch's order of every fold
 * ({@code permutation(n)} for TRAIN, VALID, TEST; {@link NumpyRandomState} reproduces numpy's
 * values bit for bit). 785 steps: the 784 permuted pixels and an input-0 step that carries the label.
 * <p>{@link #sequential} is unpermuted sequential MNIST (or Fashion-MNIST) with the same split and
 * epoch orders but no pixel permutation and no extra step: 784 steps, the label at the last pixel.
 * That split is this library's choice (the seed papers do not fix one for sequential MNIST).
 * <p>{@link #cifar} is pixel CIFAR-10 (pcifar): the 32 × 32 pixels in raster order, each step
 * reading one pixel's three colours, or, with one input per step, the three colours of each pixel
 * one after the other:
 * <pre>
 *   inputs 3 (default):  x[t, b, c] = image_b(channel c, pixel t) / 255      t = 0 … 1023, c = R, G, B
 *   inputs 1:            x[t, b, 0] = image_b(channel t mod 3, pixel ⌊t/3⌋) / 255   t = 0 … 3071
 * </pre>
 * (pixel t = row·32 + col). The split is fixed, not drawn: TRAIN is the first 45,000 images of
 * data_batch_1 … data_batch_5 in file order, VALID the last 5,000 (all of data_batch_5's last half),
 * TEST the 10,000 of test_batch; the epoch orders come from numpy RandomState(50) as for the MNIST
 * tasks. The label is at the last step.
 */
public final class PixelSequences implements EpochData {
    private final String description;
    private final ImageSet train, test;
    private final int[] trainIdx, validIdx, testIdx;
    private final int[] perm;
    private final boolean extraStep;
    private final NumpyRandomState orderRng;
    private final int P;               // pixel steps (without the extra step)
    private final int I;               // inputs per step: perm holds [P, I] offsets into an image
    private final int imageSize;
    private final boolean symbols;

    private PixelSequences(String description, ImageSet train, ImageSet test, int[] trainIdx, int[] validIdx,
                           int[] perm, boolean extraStep, NumpyRandomState orderRng) {
        this(description, train, test, trainIdx, validIdx, perm, 1, extraStep, orderRng, false);
    }

    private PixelSequences(String description, ImageSet train, ImageSet test, int[] trainIdx, int[] validIdx,
                           int[] perm, int inputs, boolean extraStep, NumpyRandomState orderRng, boolean symbols) {
        if (perm.length != train.imageSize() || perm.length % inputs != 0) {
            throw new IllegalArgumentException("the pixel order must cover the " + train.imageSize() + " bytes of an image in steps of "
                    + inputs + ", got " + perm.length);
        }
        if (train.imageSize() != test.imageSize() || train.classes() != test.classes()) {
            throw new IllegalArgumentException("training and test images differ in size or classes: " + train + " vs " + test);
        }
        this.description = description;
        this.train = train;
        this.test = test;
        this.trainIdx = trainIdx;
        this.validIdx = validIdx;
        this.testIdx = identity(test.count());
        this.perm = perm;
        this.extraStep = extraStep;
        this.orderRng = orderRng;
        this.I = inputs;
        this.P = perm.length / inputs;
        this.imageSize = train.imageSize();
        this.symbols = symbols;
    }

    /**
     * These sequences with each pixel as one of 256 symbols (x = the pixel value 0…255, an id for a
     * model with {@code ModelConfig.withEmbedding(256, D)}) instead of pixel/255; psMNIST's extra
     * step then reads symbol 0, the id of a black pixel. The split, permutation and the generator's
     * state are shared with this object (use one or the other).
     */
    public PixelSequences withPixelSymbols() {
        if (I != 1) throw new IllegalArgumentException("pixel symbols need one input per step, these sequences have " + I);
        return new PixelSequences(description + ", pixels as 256 symbols", train, test, trainIdx, validIdx, perm, 1, extraStep,
                orderRng, true);
    }

    /** Whether x holds pixel symbols (0…255) rather than pixel/255. */
    public boolean pixelSymbols() {
        return symbols;
    }

    /**
     * Permuted sequential MNIST as the NRU code builds it (see the class comment), from the
     * MNIST folder of {@code folder}; {@code trainLimit} > 0 keeps only the first trainLimit
     * examples of the shuffled TRAIN fold (the split and the pixel permutation are unchanged; the
     * epoch orders are then permutations of trainLimit, not of 50,000).
     */
    public static PixelSequences psmnist(DataFolder folder, int trainLimit) throws IOException {
        var dir = folder.require(DataSets.MNIST);
        ImageSet tr = IdxFile.readMnist(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        ImageSet te = IdxFile.readMnist(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        return psmnist(tr, te, trainLimit);
    }

    /** {@link #psmnist(DataFolder, int)} on image sets already read (60,000 training images expected). */
    public static PixelSequences psmnist(ImageSet train, ImageSet test, int trainLimit) {
        if (train.count() != 60_000) {
            throw new IllegalArgumentException("psMNIST needs the 60,000 MNIST training images, got " + train.count());
        }
        NumpyRandomState rng = new NumpyRandomState(50);
        int[] shuffled = rng.permutation(60_000);
        int[] seqPerm = rng.permutation(train.imageSize());
        int[] tr = Arrays.copyOfRange(shuffled, 0, 50_000), va = Arrays.copyOfRange(shuffled, 50_000, 60_000);
        return new PixelSequences("psMNIST (NRU code: numpy RandomState(50), 50k/10k/10k, 785 steps)",
                train, test, limit(tr, trainLimit), va, seqPerm, true, rng);
    }

    /**
     * Sequential (unpermuted) images of {@code set} (DataSets.MNIST or FASHION_MNIST): the same split
     * and epoch orders as psMNIST from numpy RandomState(50), 784 steps, no extra step.
     */
    public static PixelSequences sequential(DataFolder folder, DataSetSpec set, int trainLimit) throws IOException {
        var dir = folder.require(set);
        ImageSet tr = IdxFile.readMnist(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        ImageSet te = IdxFile.readMnist(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        return sequential(set.name(), tr, te, trainLimit);
    }

    /** {@link #sequential(DataFolder, DataSetSpec, int)} on image sets already read (any count ≥ 2). */
    public static PixelSequences sequential(String name, ImageSet train, ImageSet test, int trainLimit) {
        int n = train.count(), nValid = n == 60_000 ? 10_000 : Math.max(1, n / 6);
        if (n < 2) throw new IllegalArgumentException("need at least 2 training images, got " + n);
        NumpyRandomState rng = new NumpyRandomState(50);
        int[] shuffled = rng.permutation(n);
        int[] tr = Arrays.copyOfRange(shuffled, 0, n - nValid), va = Arrays.copyOfRange(shuffled, n - nValid, n);
        return new PixelSequences("sequential " + name + " (" + train.imageSize() + " steps, " + tr.length + "/"
                + va.length + "/" + test.count() + ")", train, test, limit(tr, trainLimit), va,
                identity(train.imageSize()), false, rng);
    }

    /**
     * Permuted sequential images with rnn4j's own seeded pixel permutation (a Fisher–Yates shuffle
     * of 0…P−1 drawn from {@code new SplittableRandom(seed)}, from the last position down), the
     * split and epoch orders of {@link #sequential}; 784 steps, no extra step. For experiments that
     * want a permutation other than the NRU code's.
     */
    public static PixelSequences permuted(String name, ImageSet train, ImageSet test, long seed, int trainLimit) {
        PixelSequences s = sequential(name, train, test, trainLimit);
        int[] perm = identity(train.imageSize());
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return new PixelSequences("permuted " + name + " (rnn4j permutation, seed " + seed + ", " + train.imageSize() + " steps, "
                + s.trainIdx.length + "/" + s.validIdx.length + "/" + test.count() + ")", train, test, s.trainIdx, s.validIdx,
                perm, false, s.orderRng);
    }

    /** {@link #permuted(String, ImageSet, ImageSet, long, int)} from the data folder. */
    public static PixelSequences permuted(DataFolder folder, DataSetSpec set, long seed, int trainLimit) throws IOException {
        var dir = folder.require(set);
        ImageSet tr = IdxFile.readMnist(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        ImageSet te = IdxFile.readMnist(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        return permuted(set.name(), tr, te, seed, trainLimit);
    }

    /**
     * Pixel CIFAR-10 (see the class comment) from the cifar10 folder of {@code folder}: 3 inputs
     * per step (1024 steps) or 1 (3072 steps); {@code trainLimit} > 0 keeps the first trainLimit
     * TRAIN images.
     */
    public static PixelSequences cifar(DataFolder folder, int inputs, int trainLimit) throws IOException {
        var dir = folder.require(DataSets.CIFAR10);
        List<String> b = DataSets.CIFAR10_BATCHES;
        ImageSet tr = Cifar10Binary.read(b.subList(0, 5).stream().map(dir::resolve).toList());
        ImageSet te = Cifar10Binary.read(dir.resolve(b.get(5)));
        return cifar(tr, te, inputs, trainLimit);
    }

    /**
     * {@link #cifar(DataFolder, int, int)} on image sets already read (3 × 32 × 32 images); VALID is
     * the last 5,000 training images when there are 50,000, else the last max(1, N/10).
     */
    public static PixelSequences cifar(ImageSet train, ImageSet test, int inputs, int trainLimit) {
        if (train.channels() != 3 || test.channels() != 3 || train.rows() != 32 || train.cols() != 32
                || test.rows() != 32 || test.cols() != 32) {
            throw new IllegalArgumentException("pixel CIFAR-10 needs 3 x 32 x 32 images, got " + train + " and " + test);
        }
        if (inputs != 1 && inputs != 3) {
            throw new IllegalArgumentException("pixel CIFAR-10 reads 3 inputs per step (R, G, B) or 1, got " + inputs);
        }
        int n = train.count(), nValid = n == 50_000 ? 5_000 : Math.max(1, n / 10);
        if (n < 2) throw new IllegalArgumentException("need at least 2 training images, got " + n);
        int pixels = 32 * 32;
        int[] perm = new int[3 * pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) perm[3 * p + c] = c * pixels + p;     // (step p, input c) or step 3p + c
        }
        int[] all = identity(n);
        int[] tr = Arrays.copyOfRange(all, 0, n - nValid), va = Arrays.copyOfRange(all, n - nValid, n);
        return new PixelSequences("pixel CIFAR-10 (" + (inputs == 3 ? "1024 steps x 3 inputs R,G,B" : "3072 steps x 1 input R,G,B per pixel")
                + ", " + tr.length + "/" + va.length + "/" + test.count() + ")", train, test, limit(tr, trainLimit), va, perm, inputs,
                false, new NumpyRandomState(50), false);
    }

    private static int[] limit(int[] idx, int limit) {
        if (limit < 0) throw new IllegalArgumentException("train limit must be >= 0 (0 = all), got " + limit);
        return limit == 0 || limit >= idx.length ? idx : Arrays.copyOf(idx, limit);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** I: the inputs per step (1, or 3 for pixel CIFAR-10 with R, G, B at one step). */
    public int inputSize() {
        return I;
    }

    /** T: the sequence length (pixels, plus the extra step for psMNIST). */
    public int steps() {
        return P + (extraStep ? 1 : 0);
    }

    /** C: the number of classes. */
    public int classes() {
        return train.classes();
    }

    /** The pixel order (a copy): step t, input i reads byte perm[t·I + i] of an image. */
    public int[] pixelPermutation() {
        return perm.clone();
    }

    /** The training-set indices of {@code fold} (TRAIN or VALID: into the training images; TEST: into the test images). */
    public int[] indices(Fold fold) {
        return switch (fold) {
            case TRAIN -> trainIdx.clone();
            case VALID -> validIdx.clone();
            case TEST -> testIdx.clone();
        };
    }

    @Override
    public int size(Fold fold) {
        return switch (fold) {
            case TRAIN -> trainIdx.length;
            case VALID -> validIdx.length;
            case TEST -> testIdx.length;
        };
    }

    /** The next permutation of the fold's size from the one numpy generator, as the NRU code iterates. */
    @Override
    public int[] order(Fold fold, int epoch) {
        return orderRng.permutation(size(fold));
    }

    @Override
    public Batch batch(Fold fold, int[] order, int from, int count) {
        Objects.checkFromIndexSize(from, count, order.length);
        ImageSet set = fold == Fold.TEST ? test : train;
        int[] idx = fold == Fold.TRAIN ? trainIdx : fold == Fold.VALID ? validIdx : testIdx;
        int T = steps(), B = count, n = P * I;
        float[] x = new float[T * B * I];
        int[] labels = new int[T * B];
        float[] mask = new float[T * B];
        byte[] px = set.pixels();
        for (int b = 0; b < B; b++) {
            int image = idx[order[from + b]], base = image * imageSize;
            if (symbols) {
                for (int t = 0; t < P; t++) x[t * B + b] = px[base + perm[t]] & 0xff;
            } else if (I == 1) {
                for (int t = 0; t < P; t++) x[t * B + b] = (px[base + perm[t]] & 0xff) / 255f;
            } else {
                for (int k = 0; k < n; k++) x[((k / I) * B + b) * I + k % I] = (px[base + perm[k]] & 0xff) / 255f;
            }
            labels[(T - 1) * B + b] = set.labels()[image] & 0xff;
            mask[(T - 1) * B + b] = 1f;
        }
        return new Batch(T, B, I, set.classes(), x, labels, null, mask);
    }

    @Override
    public String describe() {
        return description;
    }
}
