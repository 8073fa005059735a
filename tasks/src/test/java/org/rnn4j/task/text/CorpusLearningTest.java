package org.rnn4j.task.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

/**
 * Corpus, streams and an embedded model together: an LSTM with an embedding learns a repeated
 * line well below the best a model without memory beyond one symbol can do. Seeded; the
 * assertion is on the loss only.
 */
@Tag("slow")
class CorpusLearningTest {
    @TempDir
    Path dir;

    /**
     * "hello world" + <eos>, 12 symbols a line: after 'l' comes l, o or d (1/3 each), after 'o'
     * a space or r, every other symbol fixes its successor. A bigram model's best cross-entropy is
     * (3·log₂3 + 2·1) / 12 = 0.563 bits per character; context resolves all of it.
     */
    @Test
    void lstmWithEmbeddingLearnsARepeatedLineBelowTheBigramEntropy() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello world\n".repeat(200));
        Corpus corpus = Corpus.read(file, file, file, TextFormat.CODE_POINTS);
        int V = corpus.vocabulary().size(), L = 24;
        CorpusStreams train = new CorpusStreams(corpus.train(), 8, V);
        double bigram = (3 * Math.log(3) / Math.log(2) + 2) / 12;
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(1, 32), V).withEmbedding(V, 16);
        try (SequenceModel model = new SequenceModel(cfg, new SplittableRandom(3), 1)) {
            Optimizer opt = Adam.of(1e-2);
            int step = 0;
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int k = 0; k < train.segments(L); k++) {
                    model.forward(train.segment(k, L), true);
                    model.zeroGrads();
                    model.backward();
                    Clip.globalNorm(model.grads(), 1.0);
                    opt.update(model.params(), model.grads(), ++step);
                }
            }
            double nats = 0, n = 0;
            for (int k = 0; k < train.segments(L); k++) {
                Batch seg = train.segment(k, L);
                nats += model.forward(seg, false) * seg.steps();
                n += seg.steps();
            }
            double bpc = Corpus.bitsPerCharacter(nats / n);
            assertTrue(bpc < 0.5 * bigram, "bpc " + bpc + " after " + step + " steps, bigram bound " + bigram);
        }
    }
}
