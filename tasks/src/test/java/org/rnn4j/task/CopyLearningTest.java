package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainConfig;
import org.rnn4j.train.Trainer;

/**
 * Learning tests: a small model must learn a small copy task (lag 5, 2 digits) within a fixed
 * step budget, ending far below the memoryless loss. Seeded, so the loss sequence is fixed; the
 * assertion is on the loss, never on time.
 */
@Tag("slow")
class CopyLearningTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm", "gru"})
    void smallModelLearnsCopyWithLagFiveFarBelowTheMemorylessLoss(String cell) {
        Task task = new CopyTask(CopyTask.Config.defaults().withLength(2).withLag(5));
        CellConfig cc = cell.equals("lstm") ? LstmConfig.of(task.inputSize(), 32) : GruConfig.of(task.inputSize(), 32);
        ModelConfig mc = ModelConfig.classifier(cc, task.outputSize());
        TrainConfig tc = TrainConfig.of(1000).withBatchSize(32).withSeed(2);
        List<Double> losses = new ArrayList<>();
        try (SequenceModel model = new SequenceModel(mc, Trainer.initRandom(tc.seed()), 1)) {
            new Trainer(model, Adam.of(1e-2), task::sample, tc, Trainer.dataRandom(tc.seed()),
                    List.of(m -> losses.add(m.loss()))).run();
        }
        double last = losses.subList(losses.size() - 50, losses.size()).stream().mapToDouble(d -> d).average().orElseThrow();
        double baseline = task.memorylessLoss();
        assertTrue(last < 0.5 * baseline, cell + ": mean loss of the last 50 steps " + last
                + " is not below half of the memoryless loss " + baseline);
    }
}
