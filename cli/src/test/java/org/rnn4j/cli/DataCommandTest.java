package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j data}: listing, and bad input refused with one line, exit code 2 and nothing written. No network. */
class DataCommandTest {
    @TempDir
    Path tmp;


    @Test
    void listShowsEveryKnownSetAndWhatIsMissing() {
        CliRun r = run("data", "list", "--data-dir", tmp.resolve("d").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("data folder: " + tmp.resolve("d")), r.out());
        assertTrue(r.out().contains("mnist") && r.out().contains("missing (rnn4j data fetch mnist)"), r.out());
        assertTrue(r.out().contains("fashion-mnist"), r.out());
        assertTrue(r.out().contains("missing (rnn4j data fetch cifar10)"), r.out());
        assertFalse(Files.exists(tmp.resolve("d")), "listing creates nothing");
    }

    /**
     * A cifar10 folder of the real batch sizes (sparse, all-zero files: label 0, black pixels) with
     * its manifest: list --verify checks the files against the manifest.
     */
    @Test
    void listVerifiesCifar10AgainstItsManifest() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d").resolve("cifar10"));
        StringBuilder manifest = new StringBuilder();
        for (String name : org.rnn4j.task.data.DataSets.CIFAR10_BATCHES) {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
                f.setLength(30_730_000L);
            }
            manifest.append(org.rnn4j.task.data.DataFolder.sha256(dir.resolve(name))).append("  ").append(name).append('\n');
        }
        Files.writeString(dir.resolve("SHA256SUMS"), manifest);
        CliRun r = run("data", "list", "--verify", "--data-dir", tmp.resolve("d").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("cifar10") && l.contains("present, verified")), r.out());
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("test_batch.bin").toFile(), "rw")) {
            f.seek(12_345);
            f.write(7);
        }
        r = run("data", "list", "--data-dir", tmp.resolve("d").toString());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("cifar10") && l.contains("present") && !l.contains("verified")), r.out());
        r = run("data", "list", "--verify", "--data-dir", tmp.resolve("d").toString());
        assertTrue(r.out().contains("damaged (rnn4j data fetch cifar10 replaces it)"), r.out());
    }

    @Test
    void cifar10FromAFolderWithoutTheArchiveFailsNamingIt() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("src"));
        CliRun r = run("data", "fetch", "cifar10", "--offline", "--from", from.toString(), "--data-dir", tmp.resolve("d").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("no cifar-10-binary.tar.gz in " + from), r.err());
        assertTrue(r.err().contains("Give the archive cifar-10-binary.tar.gz (or a folder holding it) with --from PATH"), r.err());
        assertFalse(Files.exists(tmp.resolve("d").resolve("cifar10")));
    }

    @Test
    void anUnknownSetIsRefusedNamingTheKnownOnes() {
        CliRun r = run("data", "fetch", "cifar100", "--data-dir", tmp.resolve("d").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("rnn4j: error: unknown data set 'cifar100'; known: cifar10, fashion-mnist, mnist"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(tmp.resolve("d")));
    }

    @Test
    void aMissingFromPathIsRefused() {
        CliRun r = run("data", "fetch", "mnist", "--from", tmp.resolve("nowhere").toString(), "--data-dir", tmp.resolve("d").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--from " + tmp.resolve("nowhere") + " does not exist"), r.err());
        assertFalse(Files.exists(tmp.resolve("d")));
    }

    /** A folder with the wrong files (offline: no download, no npm): the reason, no stack trace, nothing left behind. */
    @Test
    void aFolderWithoutTheFilesFailsWithTheReasons() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(from.resolve("train-images-idx3-ubyte"), "not mnist");
        CliRun r = run("data", "fetch", "mnist", "--offline", "--from", from.toString(), "--data-dir", tmp.resolve("d").toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("could not fetch mnist") && r.err().contains("--from " + from + ": no train-labels-idx1-ubyte"),
                r.err());
        assertFalse(r.err().contains("at org.rnn4j"), "no stack trace: " + r.err());
        try (var s = Files.list(tmp.resolve("d"))) {
            assertEquals(0, s.count(), "nothing half-written");
        }
        assertTrue(r.out().contains("trying --from " + from), r.out());
    }
}
