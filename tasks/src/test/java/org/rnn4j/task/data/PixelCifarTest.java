package org.rnn4j.task.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Batch;
import org.rnn4j.train.EpochData.Fold;

/** Pixel CIFAR-10 (pcifar) on generated batches: shapes, values, labels, split, both input layouts. */
class PixelCifarTest {
    @TempDir
    Path tmp;

    /** 20 training and 4 test images with distinct generated pixels and labels. */
    private static ImageSet images(int n, int seed) {
        byte[] px = new byte[n * 3072], lab = new byte[n];
        for (int i = 0; i < n; i++) {
            lab[i] = (byte) ((i * 3 + seed) % 10);
            for (int p = 0; p < 3072; p++) px[i * 3072 + p] = (byte) (i * 13 + p * 5 + seed);
        }
        return new ImageSet(n, 32, 32, 3, 10, px, lab);
    }

    @Test
    void threeInputsPerStepReadRgbOfPixelTAndTheLabelIsAtTheLastStep() {
        ImageSet tr = images(20, 1), te = images(4, 2);
        PixelSequences s = PixelSequences.cifar(tr, te, 3, 0);
        assertEquals(1024, s.steps());
        assertEquals(3, s.inputSize());
        assertEquals(10, s.classes());
        assertEquals(18, s.size(Fold.TRAIN));
        assertEquals(2, s.size(Fold.VALID));
        assertEquals(4, s.size(Fold.TEST));
        assertArrayEquals(new int[] {18, 19}, s.indices(Fold.VALID), "VALID: the last images, fixed");
        int[] order = {3, 0};
        Batch b = s.batch(Fold.TRAIN, order, 0, 2);
        assertEquals(1024, b.steps());
        assertEquals(2, b.batchSize());
        assertEquals(3, b.inputSize());
        for (int t : new int[] {0, 1, 33, 1023}) {
            for (int bi = 0; bi < 2; bi++) {
                int image = order[bi];
                for (int c = 0; c < 3; c++) {
                    assertEquals(tr.pixel(image, c, t / 32, t % 32) / 255f, b.x()[(t * 2 + bi) * 3 + c], 0f, "t=" + t + " c=" + c);
                }
            }
        }
        for (int bi = 0; bi < 2; bi++) {
            assertEquals(tr.label(order[bi]), b.labels()[1023 * 2 + bi]);
            assertEquals(1f, b.mask()[1023 * 2 + bi]);
            assertEquals(0f, b.mask()[1022 * 2 + bi]);
        }
        Batch v = s.batch(Fold.VALID, new int[] {1}, 0, 1);
        assertEquals(tr.pixel(19, 2, 31, 31) / 255f, v.x()[1023 * 3 + 2], 0f);
        assertEquals(tr.label(19), v.labels()[1023]);
        Batch t = s.batch(Fold.TEST, new int[] {3}, 0, 1);
        assertEquals(te.pixel(3, 1, 0, 5) / 255f, t.x()[5 * 3 + 1], 0f);
        assertEquals(te.label(3), t.labels()[1023]);
    }

    @Test
    void oneInputPerStepReadsTheColoursOfEachPixelInTurn() {
        ImageSet tr = images(20, 1), te = images(4, 2);
        PixelSequences s = PixelSequences.cifar(tr, te, 1, 5);
        assertEquals(3072, s.steps());
        assertEquals(1, s.inputSize());
        assertEquals(5, s.size(Fold.TRAIN), "train limit");
        Batch b = s.batch(Fold.TRAIN, new int[] {4}, 0, 1);
        assertEquals(1, b.inputSize());
        for (int step : new int[] {0, 1, 2, 3, 100, 3071}) {
            int p = step / 3, c = step % 3;
            assertEquals(tr.pixel(4, c, p / 32, p % 32) / 255f, b.x()[step], 0f, "step " + step);
        }
        assertEquals(tr.label(4), b.labels()[3071]);
        PixelSequences sym = s.withPixelSymbols();
        // step 3·33 + 1: pixel 33 (row 1, col 1), green; as a symbol, the value itself
        assertEquals(tr.pixel(4, 1, 1, 1), (int) sym.batch(Fold.TRAIN, new int[] {4}, 0, 1).x()[3 * 33 + 1]);
    }

    /** Both layouts feed a model with I = inputSize(): one epoch trains and evaluates with finite losses. */
    @Test
    void anLstmTrainsAnEpochOnBothLayouts() {
        for (int inputs : new int[] {3, 1}) {
            PixelSequences s = PixelSequences.cifar(images(20, 1), images(4, 2), inputs, 0);
            org.rnn4j.train.ModelConfig cfg = org.rnn4j.train.ModelConfig.classifier(
                    org.rnn4j.cell.LstmConfig.of(s.inputSize(), 4), s.classes());
            try (org.rnn4j.train.SequenceModel m = new org.rnn4j.train.SequenceModel(cfg, org.rnn4j.train.Trainer.initRandom(3), 1)) {
                org.rnn4j.train.EpochTrainer.Result r = new org.rnn4j.train.EpochTrainer(m, org.rnn4j.optim.Adam.of(1e-2), s, 6, 4,
                        1.0, java.util.List.of()).run(1);
                var e = r.epochs().get(0);
                assertTrue(Double.isFinite(e.trainLoss()) && Double.isFinite(e.valid().loss()) && Double.isFinite(e.test().loss()),
                        inputs + ": " + e);
                assertEquals(3, e.updates(), "18 TRAIN images in batches of 6");
            }
        }
    }

    @Test
    void theRealSplitIs45000Over5000AndBadInputIsRefused() {
        ImageSet big = new ImageSet(50_000, 32, 32, 3, 10, new byte[50_000 * 3072], new byte[50_000]);
        PixelSequences s = PixelSequences.cifar(big, images(4, 0), 3, 0);
        assertEquals(45_000, s.size(Fold.TRAIN));
        assertEquals(5_000, s.size(Fold.VALID));
        assertEquals(45_000, s.indices(Fold.VALID)[0]);
        assertEquals(44_999, s.indices(Fold.TRAIN)[44_999]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelSequences.cifar(images(20, 1), images(4, 2), 2, 0));
        assertTrue(e.getMessage().contains("3 inputs per step (R, G, B) or 1, got 2"), e.getMessage());
        ImageSet gray = new ImageSet(4, 32, 32, 1, 10, new byte[4 * 1024], new byte[4]);
        e = assertThrows(IllegalArgumentException.class, () -> PixelSequences.cifar(gray, gray, 3, 0));
        assertTrue(e.getMessage().contains("needs 3 x 32 x 32 images"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PixelSequences.cifar(images(20, 1), images(4, 2), 3, 0).withPixelSymbols());
        assertTrue(e.getMessage().contains("one input per step"), e.getMessage());
    }

    @Test
    void readsTheBatchesFromTheFetchedFolderAndSaysHowToFetchThemOtherwise() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelSequences.cifar(new DataFolder(tmp.resolve("none")), 3, 0));
        assertTrue(e.getMessage().contains("rnn4j data fetch cifar10"), e.getMessage());
    }
}
