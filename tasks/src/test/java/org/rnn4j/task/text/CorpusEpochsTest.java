package org.rnn4j.task.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.train.EpochData.Fold;
import org.rnn4j.train.EpochTrainer;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.Trainer;

/** A corpus's folds as epoch data: each read whole; and the library path of docs/tasks/char-lm.md, end to end. */
class CorpusEpochsTest {
    @TempDir
    Path tmp;

    @Test
    void eachFoldIsItsStreamsReadWhole() {
        int[] ids = CorpusStreamsTest.iota(40);
        for (int i = 0; i < ids.length; i++) ids[i] %= 5;
        CorpusStreams train = new CorpusStreams(ids, 4, 5), valid = new CorpusStreams(ids, 2, 5);
        CorpusEpochs d = new CorpusEpochs(train, valid, valid);
        assertEquals(4, d.size(Fold.TRAIN));
        assertEquals(2, d.size(Fold.VALID));
        assertArrayEquals(new int[] {0, 1, 2, 3}, d.order(Fold.TRAIN, 3));
        Batch b = d.batch(Fold.TRAIN, d.order(Fold.TRAIN, 1), 0, 4);
        assertEquals(9, b.steps(), "10 ids per stream: 9 inputs with their next id");
        assertSame(b, d.batch(Fold.TRAIN, d.order(Fold.TRAIN, 2), 0, 4), "built once");
        var e = assertThrows(IllegalArgumentException.class, () -> d.batch(Fold.TRAIN, d.order(Fold.TRAIN, 1), 0, 2));
        assertTrue(e.getMessage().contains("read whole"), e.getMessage());
    }

    /** The snippet of docs/tasks/char-lm.md, on a tiny repeated text: it trains and its bits per character fall. */
    @Test
    void theDocumentedLibraryPathTrainsByTruncatedBptt() throws IOException {
        String line = "a b _ c d _ a b _ c d\n";
        Path dir = Files.createDirectories(tmp.resolve("ptb"));
        Files.writeString(dir.resolve("ptb.char.train.txt"), line.repeat(60));
        Files.writeString(dir.resolve("ptb.char.valid.txt"), line.repeat(10));
        Files.writeString(dir.resolve("ptb.char.test.txt"), line.repeat(10));
        Corpus c = Corpus.read(dir.resolve("ptb.char.train.txt"), dir.resolve("ptb.char.valid.txt"),
                dir.resolve("ptb.char.test.txt"), TextFormat.TOKENS);
        int V = c.vocabulary().size(), B = 4, H = 16;
        CorpusEpochs data = new CorpusEpochs(new CorpusStreams(c.train(), B, V),
                new CorpusStreams(c.valid(), B, V), new CorpusStreams(c.test(), B, V));
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(8, H), V).withEmbedding(V, 8);
        try (SequenceModel m = new SequenceModel(cfg, Trainer.initRandom(3), 1)) {
            EpochTrainer.Result r = new EpochTrainer(m, Adam.of(1e-2), data, B, B, 1.0, List.of()).truncation(20).run(4);
            double first = Corpus.bitsPerCharacter(r.epochs().get(0).valid().loss());
            double best = Corpus.bitsPerCharacter(r.best().test().loss());
            assertTrue(best < first && best < 1.0, "bpc " + first + " -> " + best);
        }
    }
}
