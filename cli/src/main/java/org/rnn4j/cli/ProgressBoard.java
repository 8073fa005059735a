package org.rnn4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.TrainListener;

/**
 * Progress of several models training at once, one line per model:
 * {@code LSTM        40%  1200/3000  loss 0.0412 (11.9%)  57.1 steps/s  ETA 0:31}, where the
 * percentage in brackets is the smoothed loss over the memoryless loss. On a terminal the lines are
 * redrawn in place by {@link #redraw()} (the caller's thread, a few times a second); otherwise each
 * model prints a plain line every 10 % of its steps and one when it ends.
 */
final class ProgressBoard {
    private final PrintStream out;
    private final long total;
    private final double[] baselines;
    private final boolean interactive;
    private final int labelWidth;
    private final List<Row> rows = new ArrayList<>();
    private boolean drawn;

    ProgressBoard(PrintStream out, List<String> labels, long total, double baseline, boolean interactive) {
        this(out, labels, total, filled(labels.size(), baseline), interactive);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** One memoryless baseline per row (rows of different tasks). */
    ProgressBoard(PrintStream out, List<String> labels, long total, double[] baselines, boolean interactive) {
        this.out = out;
        this.total = total;
        this.baselines = baselines.clone();
        this.interactive = interactive;
        int w = 0;
        for (String l : labels) w = Math.max(w, l.length());
        this.labelWidth = Math.min(w, 16);
        for (int i = 0; i < labels.size(); i++) rows.add(new Row(labels.get(i), this.baselines[i]));
    }

    /** The listener that feeds row {@code i} (called on that model's training thread). */
    TrainListener listener(int i) {
        return rows.get(i);
    }

    /** Marks row {@code i} as ended with {@code text} (e.g. its final loss). */
    void finish(int i, String text) {
        Row r = rows.get(i);
        r.end = text;
        if (!interactive) out.println(label(r) + "  " + text);
    }

    /** Redraws every row in place (terminal only). */
    synchronized void redraw() {
        if (!interactive) return;
        StringBuilder sb = new StringBuilder();
        if (drawn) sb.append("\u001b[").append(rows.size()).append('A');
        for (Row r : rows) sb.append('\r').append(line(r)).append("\u001b[K\n");
        out.print(sb);
        out.flush();
        drawn = true;
    }

    private String label(Row r) {
        String l = r.label.length() > labelWidth ? r.label.substring(0, labelWidth) : r.label;
        return String.format(Locale.ROOT, "%-" + labelWidth + "s", l);
    }

    private String line(Row r) {
        if (r.end != null) return label(r) + "  " + r.end;
        StepMetrics m = r.last;
        if (m == null) return label(r) + "  waiting";
        double rate = m.stepsPerSecond();
        long eta = rate > 0 ? Math.round((total - m.step()) / rate) : 0;
        double smooth = r.smooth;
        return String.format(Locale.ROOT, "%s  %3.0f%%  %d/%d  loss %.4f (%.1f%%)  %.1f steps/s  ETA %s", label(r),
                100.0 * m.step() / total, m.step(), total, smooth, 100 * smooth / r.baseline, rate, Format.duration(eta));
    }

    /** One model's state: written by its training thread, read by the drawing thread. */
    private final class Row implements TrainListener {
        final String label;
        final double baseline;
        volatile StepMetrics last;
        volatile double smooth = Double.NaN;
        volatile String end;
        private long nextPlain = Math.max(1, total / 10);

        Row(String label, double baseline) {
            this.label = label;
            this.baseline = baseline;
        }

        @Override
        public void onStep(StepMetrics m) {
            smooth = Double.isNaN(smooth) ? m.loss() : 0.95 * smooth + 0.05 * m.loss();
            last = m;
            if (!interactive && m.step() >= nextPlain && m.step() < total) {
                nextPlain += Math.max(1, total / 10);
                out.println(line(this));
            }
        }
    }
}
