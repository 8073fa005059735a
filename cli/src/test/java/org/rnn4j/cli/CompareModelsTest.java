package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.rnn4j.task.TaskOptions;

class CompareModelsTest {

    @Test
    void theClassicPresetIsTheNruPapersClassicBaselines() {
        List<CompareModels.Entry> e = CompareModels.resolve("classic");
        assertEquals(List.of("LSTM", "GRU", "JANET", "RNN-orth", "RNN-id"), e.stream().map(CompareModels.Entry::label).toList());
        CellRegistry.CellOptions lstm = e.get(0).options(), orth = e.get(3).options(), id = e.get(4).options();
        assertEquals(List.of(true, 1.0), java.util.Arrays.asList(lstm.peepholes(), lstm.forgetBias()));
        assertEquals(List.of("relu", "orthogonal", true), List.of(orth.activation(), orth.recurrentInit(), orth.layerNorm()));
        assertEquals(List.of("relu", "identity", true), List.of(id.activation(), id.recurrentInit(), id.layerNorm()));
        assertEquals("rnn-orth", e.get(3).folderName());
        assertTrue(e.stream().allMatch(m -> m.hidden().isEmpty()), "all sized to the budget");
    }

    /**
     * A model takes its cell's options (every one, including the NRU's), --hidden and the
     * curriculum; a run-level option of train that a comparison would silently drop is refused.
     */
    @Test
    void aModelTakesCellOptionsHiddenAndCurriculumOnly() {
        CompareModels.Entry e = CompareModels.Entry.parse("m", "nru --hidden 8 --memory 16 --heads 2 --nru-relu true --norm-p 3"
                + " --curriculum double:2 --curriculum-steps 5");
        assertEquals("double:2", e.curriculum());
        assertEquals(5, e.curriculumSteps());
        CompareModels.Entry.parse("g", "glstm --horizon 9 --centre-init zero --width-init 0.01 --gate-denominator sigma-squared"
                + " --budget-lambda 1 --update-threshold 0.1");
        CompareModels.Entry.parse("p", "plstm --period-min 3 --period-max 9 --shift-max 4 --open-ratio 0.1 --leak 0.01"
                + " --leak-at-evaluation --freeze-period --freeze-shift --freeze-open-ratio");
        CompareModels.Entry.parse("l", "lstm --peepholes --forget-bias 1 --chrono 20 --chrono-sampling integer --forget-gate fast");
        for (String bad : new String[] {"--eval-batch 5", "--lr-schedule step:1", "--pixel-symbols 3", "--truncation 10",
                "--backprop-steps 4", "--epochs 2", "--data-dir /tmp", "--embedding 5"}) {
            var x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> CompareModels.Entry.parse("m", "lstm " + bad));
            assertEquals("model 'm' (lstm " + bad + "): " + bad.split(" ")[0] + " does not apply to a model of a comparison;"
                    + " a model takes its cell's options, --hidden and --curriculum, --curriculum-steps", x.getMessage());
        }
    }

    @Test
    void everyPresetModelBuildsOnTheCopyTask() {
        for (String preset : CompareModels.presetNames()) {
            for (CompareModels.Entry e : CompareModels.resolve(preset)) {
                RunSpec s = new RunSpec("copy", TaskOptions.none(), e.cell(), e.hidden().orElse(8), 1, e.options(), 1, 1,
                        "adam", Double.NaN, 1, 5, 1);
                if (e.hidden().isPresent()) s.build();
                else s.withHidden(s.fitTo(23_500, e.label()).hidden()).build();
            }
        }
    }

    @Test
    void theNruPaperPresetHasItsTenModelsAtTheBudgetWithChronoAtTheSequenceLength() {
        List<CompareModels.Entry> e = CompareModels.resolve("nru-paper", 120);
        assertEquals(List.of("NRU", "LSTM", "LSTM-chrono", "GRU", "JANET", "SRU", "RNN-orth", "RNN-id", "EURNN", "GORU"),
                e.stream().map(CompareModels.Entry::label).toList());
        for (CompareModels.Entry m : e) {
            RunSpec s = new RunSpec("copy", TaskOptions.none().withLag(100), m.cell(), m.hidden().orElse(8), 1, m.options(),
                    1, 10, "adam", Double.NaN, 1, 5, 1);
            if (m.hidden().isEmpty()) s = s.withHidden(s.fitTo(23_500, m.label()).hidden());
            long n = org.rnn4j.train.SequenceModel.parameterCount(s.build().model());
            assertTrue(Math.abs(n - 23_500) <= 0.025 * 23_500, m.label() + " has " + n + " parameters");
        }
        assertEquals(120.0, e.get(2).options().chrono());
        assertEquals("integer", e.get(4).options().chronoSampling());
    }

    @Test
    void theChronoPresetIsTallecAndOlliviersPairAtTheSequenceLength() {
        List<CompareModels.Entry> e = CompareModels.resolve("chrono", 750);
        assertEquals(List.of("LSTM-constant-1", "LSTM-chrono"), e.stream().map(CompareModels.Entry::label).toList());
        assertEquals(OptionalInt.of(128), e.get(0).hidden());
        assertEquals(1.0, e.get(0).options().forgetBias());
        assertEquals(750.0, e.get(1).options().chrono());
        assertEquals(null, e.get(1).options().chronoSampling(), "the paper's continuous draw");
    }

    @Test
    void theFastGatePresetDiffersOnlyInTheGateFunction() {
        List<CompareModels.Entry> e = CompareModels.resolve("fast-gate", 100);
        assertEquals(List.of("LSTM-sigmoid", "LSTM-fast"), e.stream().map(CompareModels.Entry::label).toList());
        assertEquals(null, e.get(0).options().forgetGate());
        assertEquals("fast", e.get(1).options().forgetGate());
        assertEquals(e.get(0).options().forgetBias(), e.get(1).options().forgetBias());
    }

    @Test
    void entriesReadTrainFlagsIncludingAFixedHiddenSize() {
        CompareModels.Entry e = CompareModels.Entry.parse("Fixed", "rnn --hidden 50 --activation relu");
        assertEquals("rnn", e.cell());
        assertEquals(OptionalInt.of(50), e.hidden());
        assertEquals("relu", e.options().activation());
        assertEquals("rnn --hidden 50 --activation relu", e.flags());
    }

    @Test
    void entriesRefuseRunLevelOptionsUnknownFlagsAndCells() {
        assertEquals("model 'X' (lstm --steps 5): --steps applies to the whole comparison, not to one model",
                assertThrows(IllegalArgumentException.class, () -> CompareModels.Entry.parse("X", "lstm --steps 5")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompareModels.Entry.parse("X", "lstm --wings"))
                .getMessage().startsWith("model 'X' (lstm --wings): Unknown option: '--wings'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompareModels.Entry.parse("X", "lsmt"))
                .getMessage().startsWith("model 'X': unknown cell 'lsmt'; known cells: "));
    }

    @Test
    void presetsAndCellsMixInOrder() {
        List<CompareModels.Entry> e = CompareModels.resolve(" janet , classic".replace("classic", "gru"));
        assertEquals(List.of("janet", "gru"), e.stream().map(CompareModels.Entry::label).toList());
        assertThrows(IllegalArgumentException.class, () -> CompareModels.resolve("classic,gru,GRU"));
    }
}
