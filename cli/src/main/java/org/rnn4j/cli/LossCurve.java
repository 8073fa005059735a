package org.rnn4j.cli;

import java.util.Arrays;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.TrainListener;

/**
 * The training loss of one run, step by step, and the statistics {@code rnn4j compare} reports.
 * <pre>
 *   running mean r(s) = mean of the losses of steps max(s₀, s−W+1) … s           W = WINDOW = 100
 *   steps to 1 %      = the first step s ≥ s₀ with r(s) ≤ 0.01 · memoryless loss  (none: never)
 *   s₀ = 1, or with a temporal curriculum the first update on the full task (the count still starts at 1)
 *   final loss        = mean of the losses of the last F steps                  F = min(1000, 5 % of the steps)
 * </pre>
 * Filled by one training thread; read once that thread has finished.
 */
final class LossCurve implements TrainListener {
    /** W: steps in the running mean. */
    static final int WINDOW = 100;
    /** The threshold of "steps to 1 %", as a fraction of the memoryless loss. */
    static final double THRESHOLD = 0.01;
    /** The final loss averages at most this many steps … */
    static final int FINAL_STEPS = 1000;
    /** … and at most this fraction of the run. */
    static final double FINAL_FRACTION = 0.05;

    private double[] loss;
    private int n;
    private double seconds;

    /** A curve with room for {@code steps} steps (it grows if more come). */
    LossCurve(int steps) {
        loss = new double[Math.max(1, steps)];
    }

    @Override
    public void onStep(StepMetrics m) {
        if (n == loss.length) loss = Arrays.copyOf(loss, 2 * n);
        loss[n++] = m.loss();
        seconds = m.elapsedSeconds();
    }

    /** Steps recorded. */
    int steps() {
        return n;
    }

    /** Wall time up to the last recorded step. */
    double seconds() {
        return seconds;
    }

    /** The losses, step 1 first. */
    double[] losses() {
        return Arrays.copyOf(loss, n);
    }

    /** r(s) for s = 1 … steps(). */
    double[] runningMean() {
        return PlotCommand.runningMean(losses(), WINDOW);
    }

    /**
     * The running mean of the steps from {@code from} (1-based) on, restarted there: element i is
     * the mean of the losses of steps max(from, s−W+1) … s, s = from + i. A run with a temporal
     * curriculum is judged from its first update on the full task, so no shorter stage's loss counts.
     */
    double[] runningMeanFrom(long from) {
        int f = (int) Math.max(1, Math.min(from, n + 1));
        return PlotCommand.runningMean(Arrays.copyOfRange(loss, f - 1, n), WINDOW);
    }

    /** The first step (1-based) whose running mean is ≤ {@code threshold}, or −1 if none. */
    static long firstStepAtOrBelow(double[] runningMean, double threshold) {
        for (int i = 0; i < runningMean.length; i++) {
            if (runningMean[i] <= threshold) return i + 1;
        }
        return -1;
    }

    /** F for a run of {@code steps} steps: min(1000, 5 % of the steps), at least 1. */
    static int finalSteps(long steps) {
        return (int) Math.max(1, Math.min(FINAL_STEPS, Math.round(steps * FINAL_FRACTION)));
    }

    /** The mean loss of the last {@link #finalSteps} steps (NaN if nothing was recorded). */
    double finalLoss() {
        if (n == 0) return Double.NaN;
        int f = Math.min(n, finalSteps(n));
        double sum = 0;
        for (int i = n - f; i < n; i++) sum += loss[i];
        return sum / f;
    }

    /** The lowest running mean over the run (NaN if nothing was recorded). */
    double minRunningMean() {
        if (n == 0) return Double.NaN;
        double min = Double.POSITIVE_INFINITY;
        for (double r : runningMean()) min = Math.min(min, r);
        return min;
    }
}
