package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Batch;
import org.rnn4j.testing.Fixtures;
import org.rnn4j.testing.Fixtures.Json;
import org.rnn4j.train.EpochData.Fold;

/** psMNIST's split, pixel permutation and epoch orders are numpy's (fixture), and batches read the right pixels. */
class PixelSequencesTest {
    private static final Json NRU = Fixtures.load("/org/rnn4j/task/numpy-random-state-v1.json").get("nru_psmnist");

    /** n random 28×28 images (one channel), labels 0..9. */
    private static ImageSet images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 784], lb = new byte[n];
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        for (int i = 0; i < n; i++) lb[i] = (byte) r.nextInt(10);
        return new ImageSet(n, 28, 28, 1, 10, px, lb);
    }

    private static int[] ints(Json a) {
        int[] out = new int[a.size()];
        for (int k = 0; k < out.length; k++) out[k] = a.get(k).asInt();
        return out;
    }

    private static void assertEnds(Json expected, int[] got, String what) {
        int[] head = ints(expected.get("head")), tail = ints(expected.get("tail"));
        assertArrayEquals(head, Arrays.copyOf(got, head.length), what + ": head");
        assertArrayEquals(tail, Arrays.copyOfRange(got, got.length - tail.length, got.length), what + ": tail");
    }

    @Test
    void psmnistSplitPermutationAndFirstEpochOrdersAreTheNruCodes() {
        PixelSequences ps = PixelSequences.psmnist(images(60_000, 1), images(100, 2), 0);
        assertEquals(785, ps.steps());
        assertEquals(50_000, ps.size(Fold.TRAIN));
        assertEquals(10_000, ps.size(Fold.VALID));
        assertEquals(100, ps.size(Fold.TEST));
        assertArrayEquals(ints(NRU.get("pixel_permutation")), ps.pixelPermutation());
        int[] shuffle = new int[60_000];
        System.arraycopy(ps.indices(Fold.TRAIN), 0, shuffle, 0, 50_000);
        System.arraycopy(ps.indices(Fold.VALID), 0, shuffle, 50_000, 10_000);
        assertEnds(NRU.get("train_shuffle"), shuffle, "the shuffle of the 60k training images");
        assertEnds(NRU.get("epoch1_train"), ps.order(Fold.TRAIN, 1), "epoch 1 train order");
        assertEnds(NRU.get("epoch1_valid"), ps.order(Fold.VALID, 1), "epoch 1 valid order");
    }

    @Test
    void aBatchHoldsThePermutedPixelsOverTwoHundredFiftyFiveAndTheLabelAtTheExtraStep() {
        ImageSet train = images(60_000, 3);
        PixelSequences ps = PixelSequences.psmnist(train, images(10, 4), 5000);
        assertEquals(5000, ps.size(Fold.TRAIN), "--train-limit keeps the first examples of the shuffled fold");
        int[] order = {4, 0, 7};
        Batch b = ps.batch(Fold.TRAIN, order, 1, 2);                       // examples order[1], order[2]
        assertEquals(785, b.steps());
        assertEquals(2, b.batchSize());
        int[] perm = ps.pixelPermutation(), idx = ps.indices(Fold.TRAIN);
        for (int k = 0; k < 2; k++) {
            int image = idx[order[1 + k]];
            for (int t : new int[] {0, 1, 300, 783}) {
                float want = (train.pixels()[image * 784 + perm[t]] & 0xff) / 255f;
                assertEquals(want, b.x()[t * 2 + k], 0f, "step " + t + " example " + k);
            }
            assertEquals(0f, b.x()[784 * 2 + k], 0f, "the extra step's input");
            assertEquals(train.labels()[image], b.labels()[784 * 2 + k], "label at the last step");
            assertEquals(1f, b.mask()[784 * 2 + k]);
        }
        double maskSum = 0;
        for (float m : b.mask()) maskSum += m;
        assertEquals(2, maskSum, "one loss step per example");
    }

    @Test
    void sequentialImagesAreUnpermutedWithoutAnExtraStep() {
        ImageSet train = images(600, 5), test = images(50, 6);
        PixelSequences s = PixelSequences.sequential("mnist", train, test, 0);
        assertEquals(784, s.steps());
        assertEquals(500, s.size(Fold.TRAIN));
        assertEquals(100, s.size(Fold.VALID));
        Batch b = s.batch(Fold.TEST, new int[] {3}, 0, 1);
        assertEquals((test.pixels()[3 * 784 + 10] & 0xff) / 255f, b.x()[10], 0f);
        assertEquals(test.labels()[3], b.labels()[783]);
        assertTrue(s.describe().contains("784 steps"), s.describe());
    }

    @Test
    void pixelSymbolsAreTheRawValues() {
        ImageSet train = images(600, 7), test = images(20, 8);
        PixelSequences s = PixelSequences.sequential("mnist", train, test, 0).withPixelSymbols();
        assertTrue(s.pixelSymbols());
        Batch b = s.batch(Fold.TEST, new int[] {5}, 0, 1);
        for (int t : new int[] {0, 99, 783}) assertEquals(test.pixels()[5 * 784 + t] & 0xff, b.x()[t], 0f);
        assertTrue(s.describe().endsWith("pixels as 256 symbols"), s.describe());
    }

    @Test
    void rnn4jsOwnPermutationIsSeededAndAPermutation() {
        ImageSet train = images(600, 9), test = images(20, 10);
        PixelSequences a = PixelSequences.permuted("mnist", train, test, 7, 0), b = PixelSequences.permuted("mnist", train, test, 7, 0);
        PixelSequences c = PixelSequences.permuted("mnist", train, test, 8, 0);
        assertArrayEquals(a.pixelPermutation(), b.pixelPermutation(), "same seed, same permutation");
        assertFalse(Arrays.equals(a.pixelPermutation(), c.pixelPermutation()), "another seed, another permutation");
        int[] sorted = a.pixelPermutation().clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 784; i++) assertEquals(i, sorted[i]);
        assertEquals(784, a.steps());
        Batch batch = a.batch(Fold.TEST, new int[] {2}, 0, 1);
        int[] p = a.pixelPermutation();
        assertEquals((test.pixels()[2 * 784 + p[10]] & 0xff) / 255f, batch.x()[10], 0f);
        assertArrayEquals(PixelSequences.sequential("mnist", train, test, 0).indices(Fold.TRAIN), a.indices(Fold.TRAIN),
                "the split of the sequential task");
    }

    @Test
    void badInputIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelSequences.psmnist(images(100, 1), images(10, 2), 0));
        assertTrue(e.getMessage().contains("60,000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PixelSequences.sequential("mnist", images(60, 1), images(10, 2), -1));
        assertTrue(e.getMessage().contains("train limit"), e.getMessage());
    }
}
