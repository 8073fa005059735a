package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainConfig;
import org.rnn4j.train.Trainer;

/** The library example of the README, kept compiling and running (with fewer steps). */
class ReadmeExampleTest {

    @Test
    void readmeLibraryExampleRuns() {
        Task task = TaskRegistry.create("copy", TaskOptions.none().withLag(50));
        ModelConfig model = ModelConfig.classifier(LstmConfig.of(task.inputSize(), 64), task.outputSize());
        TrainConfig cfg = TrainConfig.of(20).withSeed(7);
        try (SequenceModel m = new SequenceModel(model, Trainer.initRandom(cfg.seed()), cfg.threads())) {
            Trainer.Result r = new Trainer(m, Adam.of(1e-3), task::sample, cfg,
                    Trainer.dataRandom(cfg.seed()), List.of()).run();
            assertTrue(Double.isFinite(r.meanLastLoss()) && r.meanLastLoss() < 3, "loss " + r.meanLastLoss());
        }
    }
}
