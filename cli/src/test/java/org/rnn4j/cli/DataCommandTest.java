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
        assertFalse(Files.exists(tmp.resolve("d")), "listing creates nothing");
    }

    @Test
    void anUnknownSetIsRefusedNamingTheKnownOnes() {
        CliRun r = run("data", "fetch", "cifar100", "--data-dir", tmp.resolve("d").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("rnn4j: error: unknown data set 'cifar100'; known: fashion-mnist, mnist"), r.err());
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
