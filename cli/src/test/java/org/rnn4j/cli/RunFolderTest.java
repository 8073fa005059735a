package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class RunFolderTest {
    @TempDir
    Path tmp;

    ParamLayout layout;
    float[] params;
    Path dir;

    @BeforeEach
    void writeOne() throws IOException {
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(3, 4), 2), new SplittableRandom(1), 1)) {
            layout = m.layout();
            params = m.params().clone();
        }
        RunFolder f = RunFolder.create(tmp, "run");
        f.writeParams(params, layout);
        dir = f.path();
    }

    private String error(ParamLayout expected) {
        return assertThrows(IllegalArgumentException.class, () -> RunFolder.readParams(dir, expected)).getMessage();
    }

    private void patch(int offset, byte value) throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve("params.bin"));
        b[offset] = value;
        Files.write(dir.resolve("params.bin"), b);
    }

    @Test
    void readsBackExactlyWhatWasWritten() throws IOException {
        assertArrayEquals(params, RunFolder.readParams(dir, layout));
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Files.delete(dir.resolve("params.bin"));
        assertEquals(dir.resolve("params.bin") + " is missing: the run folder has no trained parameters", error(layout));
    }

    @Test
    void aFlippedValueByteFailsTheChecksum() throws IOException {
        patch(16 + 4 * 7 + 1, (byte) 0x5A);
        assertTrue(error(layout).contains("params.bin is corrupt: the CRC-32 of its values is"), error(layout));
    }

    @Test
    void truncatedOrExtendedFilesAreRejected() throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve("params.bin"));
        Files.write(dir.resolve("params.bin"), Arrays.copyOf(b, b.length - 5));
        assertTrue(error(layout).contains("must be " + b.length + " bytes for " + params.length + " parameters, got "
                + (b.length - 5) + " (truncated)"), error(layout));
        Files.write(dir.resolve("params.bin"), Arrays.copyOf(b, 10));
        assertTrue(error(layout).contains("is truncated: 10 bytes"), error(layout));
        Files.write(dir.resolve("params.bin"), Arrays.copyOf(b, b.length + 4));
        assertTrue(error(layout).contains("must be " + b.length + " bytes"), error(layout));
    }

    @Test
    void wrongMagicOrVersionIsRejected() throws IOException {
        patch(0, (byte) 'X');
        assertTrue(error(layout).endsWith("is not an rnn4j parameter file (it does not start with RNN4JPRM)"), error(layout));
        patch(0, (byte) 'R');
        patch(11, (byte) 2);
        assertTrue(error(layout).endsWith("has format version 2; this rnn4j reads version 1"), error(layout));
    }

    @Test
    void aModelOfAnotherSizeOrLayoutIsRejected() throws IOException {
        ParamLayout bigger, other;
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(3, 5), 2), new SplittableRandom(1), 1)) {
            bigger = m.layout();
        }
        assertTrue(error(bigger).endsWith("holds " + params.length + " parameters but the model of config.json has "
                + bigger.size()), error(bigger));
        // A layout file of another model beside the right number of values: the blocks disagree.
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(GruConfig.of(3, 4), 2), new SplittableRandom(1), 1)) {
            other = m.layout();
        }
        Files.writeString(dir.resolve("params-layout.tsv"), RunFolder.layoutText(other));
        assertTrue(error(layout).contains("params-layout.tsv does not match the model of config.json: line 2 is"), error(layout));
    }
}
