package org.rnn4j.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes every step's metrics to a CSV file and a JSON-lines file:
 * {@code step, loss, accuracy, grad_norm, step_seconds, elapsed_seconds, steps_per_second,
 * timesteps_per_second}. Both are flushed every {@code flushEvery} steps and on close.
 * Given a model with a time gate ({@link SequenceModel#hasTimeGate()}), three columns follow, read
 * from the model's last forward pass (the step's batch): {@code budget_loss} (λ·B; the training
 * loss is {@code loss + budget_loss}), {@code gate_openness} (B, the mean k) and
 * {@code updated_fraction} (the fraction of unit-steps with k &gt; ε: the updates relative to an
 * LSTM of the same size).
 */
public final class MetricsLog implements TrainListener, AutoCloseable {
    /** The CSV header. */
    public static final String HEADER =
            "step,loss,accuracy,grad_norm,step_seconds,elapsed_seconds,steps_per_second,timesteps_per_second";

    /** The columns added for a model with a time gate. */
    public static final String GATE_HEADER = "budget_loss,gate_openness,updated_fraction";

    private final BufferedWriter csv, jsonl;
    private final int flushEvery;
    /** The model whose gate measures are logged, or null. */
    private final SequenceModel gated;

    /** Creates (or replaces) {@code csvFile} and {@code jsonlFile}. */
    public MetricsLog(Path csvFile, Path jsonlFile, int flushEvery) throws IOException {
        this(csvFile, jsonlFile, flushEvery, null);
    }

    /** As {@link #MetricsLog(Path, Path, int)}, with {@code model}'s gate columns when it has a time gate (null: none). */
    public MetricsLog(Path csvFile, Path jsonlFile, int flushEvery, SequenceModel model) throws IOException {
        this.csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
        this.jsonl = Files.newBufferedWriter(jsonlFile, StandardCharsets.UTF_8);
        this.flushEvery = Math.max(1, flushEvery);
        this.gated = model != null && model.hasTimeGate() ? model : null;
        csv.write(gated == null ? HEADER : HEADER + "," + GATE_HEADER);
        csv.newLine();
    }

    @Override
    public void onStep(StepMetrics m) {
        double tps = m.stepSeconds() > 0 ? m.timesteps() / m.stepSeconds() : 0;
        try {
            csv.write(String.format(Locale.ROOT, "%d,%.7g,%s,%.7g,%.6f,%.3f,%.4f,%.1f", m.step(), m.loss(),
                    Double.isNaN(m.accuracy()) ? "" : String.format(Locale.ROOT, "%.5f", m.accuracy()),
                    m.gradNorm(), m.stepSeconds(), m.elapsedSeconds(), m.stepsPerSecond(), tps));
            if (gated != null) {
                csv.write(String.format(Locale.ROOT, ",%.7g,%.7g,%.7g", gated.lastBudgetLoss(), gated.lastGateOpenness(),
                        gated.lastUpdatedFraction()));
            }
            csv.newLine();
            jsonl.write(String.format(Locale.ROOT,
                    "{\"step\":%d,\"loss\":%.7g,\"accuracy\":%s,\"grad_norm\":%.7g,\"step_seconds\":%.6f,"
                            + "\"elapsed_seconds\":%.3f,\"steps_per_second\":%.4f,\"timesteps_per_second\":%.1f",
                    m.step(), m.loss(), Double.isNaN(m.accuracy()) ? "null" : String.format(Locale.ROOT, "%.5f", m.accuracy()),
                    m.gradNorm(), m.stepSeconds(), m.elapsedSeconds(), m.stepsPerSecond(), tps));
            if (gated != null) {
                jsonl.write(String.format(Locale.ROOT, ",\"budget_loss\":%.7g,\"gate_openness\":%.7g,\"updated_fraction\":%.7g",
                        gated.lastBudgetLoss(), gated.lastGateOpenness(), gated.lastUpdatedFraction()));
            }
            jsonl.write("}");
            jsonl.newLine();
            if (m.step() % flushEvery == 0) {
                csv.flush();
                jsonl.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public void close() throws IOException {
        try (csv; jsonl) {
            csv.flush();
            jsonl.flush();
        }
    }
}
