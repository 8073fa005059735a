package org.rnn4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.Trainer;

/**
 * A one-line progress bar on a terminal (redrawn in place at most 10 times a second), or a plain
 * line every 10 % when the output is not a terminal:
 * {@code  step 1200/2000 [=========>      ] 60%  loss 0.0412 (memoryless 0.1733)  57.1 steps/s  ETA 0:14}.
 */
final class ProgressBar implements TrainListener {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final long total;
    private final double baseline;
    private final boolean interactive;
    private final String label;
    private long lastDraw;
    private long nextPlainStep;
    private double smoothLoss = Double.NaN;

    ProgressBar(PrintStream out, String label, long total, double baseline, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.baseline = baseline;
        this.interactive = interactive;
        this.nextPlainStep = Math.max(1, total / 10);
    }

    @Override
    public void onStep(StepMetrics m) {
        smoothLoss = Double.isNaN(smoothLoss) ? m.loss() : 0.95 * smoothLoss + 0.05 * m.loss();
        boolean last = m.step() == total;
        if (interactive) {
            long now = System.nanoTime();
            if (last || now - lastDraw > 100_000_000L) {
                lastDraw = now;
                out.print("\r" + line(m) + "\u001b[K");
                if (last) out.println();
                out.flush();
            }
        } else if (m.step() >= nextPlainStep || last) {
            nextPlainStep += Math.max(1, total / 10);
            out.println(line(m));
            out.flush();
        }
    }

    String line(StepMetrics m) {
        double frac = (double) m.step() / total;
        int filled = (int) Math.round(frac * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        bar.append(']');
        double rate = m.stepsPerSecond();
        long eta = rate > 0 ? Math.round((total - m.step()) / rate) : 0;
        return String.format(Locale.ROOT, "%s step %d/%d %s %3.0f%%  loss %.4f (memoryless %.4f)  %.1f steps/s  ETA %s",
                label, m.step(), total, bar, 100 * frac, smoothLoss, baseline, rate, Format.duration(eta));
    }

    @Override
    public void onEnd(Trainer.Result result) {
        out.flush();
    }
}
