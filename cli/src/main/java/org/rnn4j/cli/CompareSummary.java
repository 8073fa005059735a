package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@code rnn4j compare}: one row per model, written as {@code summary.md} (a markdown
 * table), {@code summary.csv}, {@code summary.json} and {@code curves.svg} (running-mean loss curves
 * on a log scale, with the memoryless loss dashed and 1 % of it dotted).
 *
 * @param title     the task and the shared settings, one line (above the table)
 * @param plotTitle a short title for the figure
 * @param baseline the task's memoryless loss
 * @param settings the shared settings, for summary.json
 * @param rows     the models, in the order they were listed
 */
record CompareSummary(String title, String plotTitle, double baseline, Map<String, Object> settings, List<Row> rows) {

    /** Points per curve in the figure at most (the running mean is sampled evenly). */
    static final int MAX_POINTS = 1000;

    /**
     * One model's outcome.
     *
     * @param label          its label
     * @param flags          its cell and options as train flags
     * @param hidden         H
     * @param parameters     its parameter count
     * @param budget         the budget that chose H, or null for a fixed H
     * @param folder         its run folder's name inside the comparison folder
     * @param divergedStep   the step whose update was refused, or 0 if it finished
     * @param steps          steps completed
     * @param finalLoss      mean loss of the last {@link LossCurve#finalSteps} steps (NaN if diverged)
     * @param stepsToThreshold first step whose running mean is ≤ 1 % of the memoryless loss, or −1
     * @param minRunningMean the lowest running mean
     * @param seconds        wall time of its training
     * @param runningMean    the running mean at every completed step
     * @param updatedFraction a time-gated model's updates relative to an LSTM of its size at its last
     *                        step (the unit-steps with k above the threshold); NaN for other cells
     */
    record Row(String label, String flags, int hidden, long parameters, Long budget, String folder, long divergedStep,
               long steps, double finalLoss, long stepsToThreshold, double minRunningMean, double seconds,
               double[] runningMean, double updatedFraction) {

        /** A row from a recorded curve. */
        static Row of(String label, String flags, int hidden, long parameters, Long budget, String folder,
                      long divergedStep, LossCurve curve, double baseline, double updatedFraction) {
            return of(label, flags, hidden, parameters, budget, folder, divergedStep, curve, baseline, updatedFraction, 1);
        }

        /**
         * A row whose statistics (steps to 1 %, min running mean) count only the steps from
         * {@code fullTaskFrom} on (a temporal curriculum's first update on the full task; 1 without);
         * the curve drawn is the whole run's running mean.
         */
        static Row of(String label, String flags, int hidden, long parameters, Long budget, String folder,
                      long divergedStep, LossCurve curve, double baseline, double updatedFraction, long fullTaskFrom) {
            double[] rm = curve.runningMean(), full = curve.runningMeanFrom(fullTaskFrom);
            long hit = LossCurve.firstStepAtOrBelow(full, LossCurve.THRESHOLD * baseline);
            double min = Double.NaN;
            for (double r : full) min = Double.isNaN(min) ? r : Math.min(min, r);
            return new Row(label, flags, hidden, parameters, budget, folder, divergedStep, curve.steps(),
                    divergedStep > 0 ? Double.NaN : curve.finalLoss(), hit < 0 ? -1 : hit + fullTaskFrom - 1, min,
                    curve.seconds(), rm, updatedFraction);
        }

        boolean diverged() {
            return divergedStep > 0;
        }

        double stepsPerSecond() {
            return seconds > 0 ? steps / seconds : Double.NaN;
        }
    }

    /** The markdown table with a settings line above and the definitions below. */
    String markdown(long totalSteps) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append("\n\n");
        boolean gated = rows.stream().anyMatch(r -> !Double.isNaN(r.updatedFraction()));
        sb.append("| model | cell | H | params | final loss | ÷ memoryless | steps to 1% | min running mean | time | steps/s |")
                .append(gated ? " updates vs LSTM |\n" : "\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|").append(gated ? "--:|\n" : "\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %,d | %s | %s | %s | %s | %s | %s |", r.label(),
                    r.flags(), r.hidden(), r.parameters(),
                    r.diverged() ? "diverged at step " + r.divergedStep() : loss(r.finalLoss()),
                    r.diverged() ? "—" : percent(r.finalLoss() / baseline),
                    r.stepsToThreshold() < 0 ? "—" : String.format(Locale.ROOT, "%,d", r.stepsToThreshold()),
                    loss(r.minRunningMean()), Format.duration(Math.round(r.seconds())),
                    String.format(Locale.ROOT, "%.1f", r.stepsPerSecond())));
            if (gated) sb.append(' ').append(Double.isNaN(r.updatedFraction()) ? "100% (no time gate)" : percent(r.updatedFraction())).append(" |");
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%nMemoryless loss %s. Final loss: mean training loss of the last %,d steps."
                        + " Steps to 1%%: first step at which the running mean of the training loss over %d steps is"
                        + " ≤ 1%% of the memoryless loss (— = never). Min running mean: its lowest value.%n",
                loss(baseline), LossCurve.finalSteps(totalSteps), LossCurve.WINDOW));
        if (rows.stream().anyMatch(r -> r.flags().contains("--curriculum"))) {
            sb.append("A model with --curriculum is judged on the full task only: its steps to 1% and min running mean"
                    + " count from its first update on the full task (the steps before still count in the step number),"
                    + " and its final loss lies in that stage.\n");
        }
        if (gated) {
            sb.append("Updates vs LSTM: the unit-steps a time-gated model updated (gate k above its threshold) in its last"
                    + " training batch, relative to an LSTM of the same size, which updates every unit at every step.\n");
        }
        return sb.toString();
    }

    /** One line per model; empty fields for values that do not exist (a diverged model's final loss). */
    String csv() {
        StringBuilder sb = new StringBuilder("model,cell,hidden,parameters,param_budget,status,diverged_step,steps,"
                + "final_loss,memoryless_loss,ratio_to_memoryless,steps_to_1pct,min_running_mean,seconds,steps_per_second,"
                + "run_folder,updated_fraction\n");
        for (Row r : rows) {
            List<String> f = List.of(csvText(r.label()), csvText(r.flags()), Integer.toString(r.hidden()),
                    Long.toString(r.parameters()), r.budget() == null ? "" : r.budget().toString(),
                    r.diverged() ? "diverged" : "done", r.diverged() ? Long.toString(r.divergedStep()) : "",
                    Long.toString(r.steps()), num(r.finalLoss()), num(baseline), num(r.finalLoss() / baseline),
                    r.stepsToThreshold() < 0 ? "" : Long.toString(r.stepsToThreshold()), num(r.minRunningMean()),
                    num(r.seconds()), num(r.stepsPerSecond()), csvText(r.folder()), num(r.updatedFraction()));
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    /** The settings, the definitions and one object per model. */
    String json() {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        m.put("memoryless_loss", baseline);
        m.put("running_mean_window", LossCurve.WINDOW);
        m.put("threshold_fraction", LossCurve.THRESHOLD);
        List<Object> models = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", r.label());
            o.put("cell", r.flags());
            o.put("hidden", r.hidden());
            o.put("parameters", r.parameters());
            o.put("param_budget", r.budget());
            o.put("status", r.diverged() ? "diverged" : "done");
            o.put("diverged_step", r.diverged() ? r.divergedStep() : null);
            o.put("steps", r.steps());
            o.put("final_loss", r.finalLoss());
            o.put("final_loss_steps", r.diverged() ? null : LossCurve.finalSteps(r.steps()));
            o.put("ratio_to_memoryless", r.finalLoss() / baseline);
            o.put("steps_to_1pct", r.stepsToThreshold() < 0 ? null : r.stepsToThreshold());
            o.put("min_running_mean", r.minRunningMean());
            o.put("seconds", r.seconds());
            o.put("steps_per_second", r.stepsPerSecond());
            o.put("run_folder", r.folder());
            o.put("updated_fraction", Double.isNaN(r.updatedFraction()) ? null : r.updatedFraction());
            models.add(o);
        }
        m.put("models", models);
        return Format.json(m);
    }

    /** Every model's running-mean loss (log scale) with the memoryless loss and 1 % of it. */
    String svg() {
        SvgPlot plot = new SvgPlot(plotTitle, "step",
                "training loss, running mean over " + LossCurve.WINDOW + " steps");
        plot.logY(true);
        for (Row r : rows) {
            double[] rm = r.runningMean();
            int stride = Math.max(1, (rm.length + MAX_POINTS - 1) / MAX_POINTS);
            int sampled = (rm.length + stride - 1) / stride; // steps 1, 1 + stride, …
            boolean last = rm.length > 0 && (rm.length - 1) % stride != 0; // and always the last step
            double[] x = new double[sampled + (last ? 1 : 0)], y = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                int i = k < sampled ? k * stride : rm.length - 1;
                x[k] = i + 1;
                y[k] = rm[i];
            }
            plot.add(new SvgPlot.Series(r.label() + " (H=" + r.hidden() + ")", x, y));
        }
        plot.add(new SvgPlot.HLine("memoryless", baseline, SvgPlot.Dash.DASHED));
        plot.add(new SvgPlot.HLine("1% of memoryless", LossCurve.THRESHOLD * baseline, SvgPlot.Dash.DOTTED));
        return plot.render();
    }

    private static String loss(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "—";
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g%%", 100 * v) : "—";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
