package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.CliRun.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.task.data.DataFolder;
import org.rnn4j.task.data.DataSets;

/**
 * {@code rnn4j train} on the data-set tasks: a whole psMNIST run on generated MNIST-shaped files
 * (random pixels, real sizes; no downloaded data), bad input, and one run on the real MNIST when it
 * is in the data folder (skipped, saying why, when it is not).
 */
class DataTaskRunTest {
    @TempDir
    Path tmp;


    /** IDX files of MNIST's shapes (60,000 and 10,000 images of 28×28) with random content. */
    private static Path fakeMnist(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("mnist"));
        SplittableRandom r = new SplittableRandom(9);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? 60_000 : 10_000;
            ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
            byte[] px = new byte[n * 784];
            r.nextBytes(px);
            img.put(px);
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), img.array());
            ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
            for (int i = 0; i < n; i++) lab.put((byte) r.nextInt(10));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), lab.array());
        }
        return root;
    }

    @Test
    void trainsPsmnistForAnEpochAndReportsValidationAndTestAtTheBestEpoch() throws IOException {
        Path data = fakeMnist(tmp.resolve("data")), runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "psmnist", "--cell", "lstm", "--hidden", "4", "--epochs", "2", "--train-limit", "200",
                "--eval-batch", "5000", "--threads", "2", "--lr-schedule", "step:1", "--lr-factor", "0.5", "--no-progress",
                "--data-dir", data.toString(), "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("psMNIST (NRU code: numpy RandomState(50), 50k/10k/10k, 785 steps)"), r.out());
        assertTrue(r.out().contains("2 epochs of 2 batches of 100"), r.out());
        assertTrue(r.out().contains("epoch 1/2: lr 0.00100, train loss") && r.out().contains("epoch 2/2: lr 0.000500,"), r.out());
        assertTrue(r.out().contains("done: best validation at epoch"), r.out());
        Path run;
        try (Stream<Path> s = Files.list(runs)) {
            run = s.findFirst().orElseThrow();
        }
        String summary = Files.readString(run.resolve("summary.json"));
        assertTrue(summary.contains("\"test_accuracy_at_best_valid\"") && summary.contains("\"best_epoch\""), summary);
        var epochs = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(3, epochs.size(), "header + 2 epochs");
        assertEquals(0.001, Double.parseDouble(epochs.get(1).split(",")[2]), 0, epochs.toString());
        assertEquals(0.0005, Double.parseDouble(epochs.get(2).split(",")[2]), 0, "step:1 with factor 0.5 halves the rate after epoch 1");
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"train_examples\": 200") && config.contains("\"valid_examples\": 10000"), config);
        assertTrue(Files.exists(run.resolve("params.bin")) && Files.exists(run.resolve("metrics.csv")));
    }

    @Test
    void pixelSymbolsTrainThroughAnEmbedding() throws IOException {
        Path data = fakeMnist(tmp.resolve("data")), runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "seqmnist", "--cell", "gru", "--hidden", "4", "--pixel-symbols", "3", "--train-limit", "100",
                "--eval-batch", "5000", "--threads", "2", "--no-progress", "--data-dir", data.toString(), "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pixels as 256 symbols"), r.out());
        // the 256 x 3 embedding, GRU(3 -> 4) with two biases, readout(4 -> 10)
        assertTrue(r.out().contains("(" + (256 * 3 + 3 * 4 * (3 + 4) + 2 * 3 * 4 + 4 * 10 + 10) + " params)"), r.out());
    }

    /** A time-gated model on a data set reports its updates (the final model's last evaluation pass); an LSTM does not. */
    @Test
    void timeGatedModelsReportTheirUpdatesOnADataSet() throws IOException {
        Path data = fakeMnist(tmp.resolve("data"));
        for (String cell : new String[] {"glstm", "lstm"}) {
            Path runs = tmp.resolve("runs-" + cell);
            CliRun r = run("train", "--task", "seqmnist", "--cell", cell, "--hidden", "4", "--train-limit", "100",
                    "--eval-batch", "5000", "--threads", "2", "--no-progress", "--data-dir", data.toString(), "--out", runs.toString());
            assertEquals(0, r.code(), r.err());
            boolean gated = cell.equals("glstm");
            assertEquals(gated, r.out().contains("of the unit-steps updated (k > threshold) in the final model's last evaluation pass (the last test batch)"), r.out());
            String summary;
            try (Stream<Path> s = Files.list(runs)) {
                summary = Files.readString(s.findFirst().orElseThrow().resolve("summary.json"));
            }
            assertEquals(gated, summary.contains("\"updates_vs_lstm\"") && summary.contains("\"gate_measured_on\""), summary);
            if (gated) {
                double f = Double.parseDouble(summary.replaceAll("(?s).*\"updated_fraction\": ([0-9.eE-]+).*", "$1"));
                assertTrue(f > 0 && f < 1, "a g-LSTM with σ = 0.1·T opens part of the sequence: " + f);
            }
        }
    }

    @Test
    void truncatedBpttOnAPixelTask() throws IOException {
        Path data = fakeMnist(tmp.resolve("data")), runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "psmnist", "--cell", "lstm", "--hidden", "4", "--truncation", "100", "--train-limit", "200",
                "--threads", "2", "--no-progress", "--data-dir", data.toString(), "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/1:"), r.out());
        try (Stream<Path> s = Files.list(runs)) {
            assertTrue(Files.readString(s.findFirst().orElseThrow().resolve("config.json")).contains("\"truncation\": 100"));
        }
    }

    /** --backprop-steps without --truncation: one segment of the whole sequence, its last K2 steps back-propagated. */
    @Test
    void backpropStepsOnAPixelTaskAndItsBadInputs() throws IOException {
        Path data = fakeMnist(tmp.resolve("data")), runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "psmnist", "--cell", "lstm", "--hidden", "4", "--backprop-steps", "30", "--train-limit", "200",
                "--threads", "2", "--no-progress", "--data-dir", data.toString(), "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/1:"), r.out());
        Path run;
        try (Stream<Path> s = Files.list(runs)) {
            run = s.findFirst().orElseThrow();
        }
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"truncation\": 0") && config.contains("\"backprop_steps\": 30"), config);
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + one update per batch of 100");

        Path more = tmp.resolve("more");
        r = run("train", "--task", "psmnist", "--cell", "gru", "--hidden", "3", "--truncation", "200", "--backprop-steps", "300",
                "--train-limit", "100", "--threads", "2", "--no-progress", "--data-dir", data.toString(), "--out", more.toString());
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(more)) {
            config = Files.readString(s.findFirst().orElseThrow().resolve("config.json"));
        }
        assertTrue(config.contains("\"truncation\": 200") && config.contains("\"backprop_steps\": 300"), config);

        Path none = tmp.resolve("none");
        for (String k2 : new String[] {"0", "-5"}) {
            r = run("train", "--task", "psmnist", "--cell", "lstm", "--backprop-steps", k2, "--data-dir", data.toString(),
                    "--out", none.toString());
            assertEquals(Main.BAD_INPUT, r.code(), r.out());
            assertTrue(r.err().contains("--backprop-steps K2 must be >= 1") && r.err().contains("got " + k2), r.err());
        }
        r = run("train", "--task", "copy", "--backprop-steps", "5", "--cell", "lstm", "--out", none.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.out());
        assertTrue(r.err().contains("--backprop-steps applies to task 'char-lm' and the data-set tasks"), r.err());
        assertFalse(Files.exists(none), "nothing written");
    }

    @Test
    void anEvaluationBatchTooLargeForJavaArraysIsRefusedBeforeTraining() throws IOException {
        Path data = fakeMnist(tmp.resolve("data")), runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "seqmnist", "--cell", "lstm", "--hidden", "128", "--eval-batch", "100000",
                "--data-dir", data.toString(), "--out", runs.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.out());
        assertTrue(r.err().contains("--batch/--eval-batch 100000 with H=128 needs sequence buffers over 2^31 floats"), r.err());
        assertFalse(Files.exists(runs), "nothing written");
        // with truncation the buffers hold one segment and the same evaluation batch fits
        r = run("train", "--task", "seqmnist", "--cell", "lstm", "--hidden", "2", "--eval-batch", "100000", "--truncation", "10",
                "--train-limit", "100", "--threads", "2", "--no-progress", "--data-dir", data.toString(), "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void missingDataSaysWhichCommandFetchesItAndWritesNothing() {
        CliRun r = run("train", "--task", "psmnist", "--cell", "lstm", "--data-dir", tmp.resolve("empty").toString(),
                "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("data set mnist is not in") && r.err().contains("rnn4j data fetch mnist"), r.err());
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    @Test
    void pcifarWithoutTheDataOrWithPixelSymbolsIsRefused() {
        for (String task : new String[] {"pcifar", "pcifar-serial"}) {
            CliRun r = run("train", "--task", task, "--cell", "lstm", "--data-dir", tmp.resolve("empty").toString(),
                    "--out", tmp.resolve("runs").toString());
            assertEquals(Main.BAD_INPUT, r.code());
            assertTrue(r.err().contains("data set cifar10 is not in") && r.err().contains("rnn4j data fetch cifar10"), r.err());
        }
        CliRun r = run("train", "--task", "pcifar", "--cell", "lstm", "--pixel-symbols", "8", "--data-dir", tmp.resolve("empty").toString(),
                "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--pixel-symbols needs one input per step") && r.err().contains("pcifar-serial"), r.err());
        r = run("train", "--task", "pcifar", "--cell", "lstm", "--permutation-seed", "3", "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--permutation-seed applies to task 'pmnist' only"), r.err());
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    @Test
    void optionsOfTheOtherKindOfTaskAreRefused() {
        CliRun r = run("train", "--task", "psmnist", "--cell", "lstm", "--steps", "10", "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--steps do not apply to task 'psmnist'"), r.err());
        r = run("train", "--task", "copy", "--cell", "lstm", "--epochs", "2", "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("apply to the data-set tasks (pcifar, pcifar-serial, pmnist, psmnist, seq-fashion-mnist, seqmnist; --epochs also to char-lm),"
                + " not to 'copy'"), r.err());
        r = run("train", "--task", "seqmnist", "--cell", "lstm", "--train-limit", "-3", "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--train-limit must be >= 0"), r.err());
        r = run("train", "--task", "seqmnist", "--cell", "lstm", "--lr-schedule", "cosine", "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--lr-schedule must be none, step:N (N >= 1 epochs) or plateau:P"), r.err());
        r = run("train", "--task", "seqmnist", "--cell", "lstm", "--lr-schedule", "plateau:2", "--lr-factor", "2",
                "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("(0, 1)"), r.err());
        r = run("train", "--task", "copy", "--cell", "lstm", "--early-stop", "3", "--out", tmp.resolve("runs").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--early-stop and --pixel-symbols apply to the data-set tasks"), r.err());
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    /** The end-to-end check on real data: an LSTM on 1,000 MNIST images, when MNIST has been fetched. */
    @Test
    void trainsAnLstmOnAThousandRealMnistImagesWhenTheDataIsPresent() throws IOException {
        DataFolder folder = DataFolder.resolve(null, System.getenv());
        Assumptions.assumeTrue(folder.status(DataSets.MNIST, false) == DataFolder.Status.PRESENT,
                "MNIST is not in " + folder.root() + " (run 'rnn4j data fetch mnist', or set RNN4J_DATA): skipped");
        CliRun r = run("train", "--task", "seqmnist", "--cell", "lstm", "--hidden", "16", "--epochs", "1", "--train-limit", "1000",
                "--eval-batch", "2000", "--threads", "2", "--no-progress", "--out", tmp.resolve("runs").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test accuracy"), r.out());
    }
}
