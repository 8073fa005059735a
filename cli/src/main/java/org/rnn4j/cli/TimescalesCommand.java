package org.rnn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import org.rnn4j.analysis.DecayFit;
import org.rnn4j.analysis.TimeScaleProbe;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;
import org.rnn4j.optim.Adam;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.TrainConfig;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j analyze timescales}: the time scales of every layer, from the retention gates and
 * from the gradient-decay probe ({@link TimeScaleProbe}), at initialisation and, with
 * {@code --train-steps}, every {@code --probe-every} steps of training (Adam, clipping at 1, as
 * {@code rnn4j train}'s defaults). The model options are those of {@code analyze}.
 */
@Command(name = "timescales", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = AnalyzeCommand.CopyModelOptions.class,
        description = {"Time scales of a model: from its forget/update gates and from how the gradient",
                "of the loss decays going back in time (the condition under which a forget gate",
                "reads as a time scale, Ohno & Kumagai 2021). For every layer and probe:",
                "  gates:  f = mean gate value per unit over the batch, T_exp = -1/ln f, T_lin = 1/(1-f),",
                "          and the same for the gate at its bias alone (what an initialiser set);",
                "  probe:  g_k = mean over examples of ||d loss_t* / d s_(t*-k)||, k = 0..K, s = c for an",
                "          LSTM, h for GRU/JANET, the last state block otherwise, t* the last loss step;",
                "          a least-squares line through ln g_k gives the decay time tau and R^2.",
                "Writes timescales.csv, decay.csv, fits.csv (unit_fits.csv with --per-unit),",
                "timescales.json and PNG figures into --out.", ""},
        footer = {"", "Examples:",
                "  rnn4j analyze timescales --task adding --lag 100 --cell lstm --chrono 100 --out ts",
                "  rnn4j analyze timescales --task copy --lag 50 --cell gru --train-steps 300 --probe-every 100 --out ts-gru",
                "  rnn4j analyze timescales --run runs/<folder> --out ts-run"})
final class TimescalesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A run folder written by 'rnn4j train' (config.json, params.bin).")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder (created; files in an existing folder are replaced).")
    Path out;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
            description = "Sequences the probe averages over (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1000", paramLabel = "N",
            description = "Seed of the probe batch (default ${DEFAULT-VALUE}); the same batch at every probe.")
    long seed;

    @Option(names = "--init-seed", defaultValue = "5", paramLabel = "N",
            description = "Seed of the initial parameters of an untrained model (default ${DEFAULT-VALUE}, train's default seed).")
    long initSeed;

    @Option(names = "--layer", paramLabel = "N", description = "Only this layer (default: every layer).")
    Integer layer;

    @Option(names = "--block", paramLabel = "NAME",
            description = "State block the probe differentiates (default: the one the retention gate keeps, else the last).")
    String block;

    @Option(names = "--max-lag", paramLabel = "K", description = "Largest k of g_k (default: back to step 0).")
    Integer maxLag;

    @Option(names = "--fit", paramLabel = "FROM:TO", description = "Range of k the decay line is fitted over (default: every k).")
    String fit;

    @Option(names = "--per-unit", description = "Also g_k and a fit per unit (unit_fits.csv).")
    boolean perUnit;

    @Option(names = "--train-steps", defaultValue = "0", paramLabel = "N",
            description = "Train the model this many steps on its task, probing along the way (default ${DEFAULT-VALUE}: probe once).")
    int trainSteps;

    @Option(names = "--probe-every", paramLabel = "N", description = "Probe every N training steps (default: at the start and the end).")
    Integer probeEvery;

    @Option(names = "--train-batch", defaultValue = "10", paramLabel = "B",
            description = "Batch size of the training steps (default ${DEFAULT-VALUE}, as train's).")
    int trainBatch;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE", description = "Adam's learning rate for the training steps (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Compute threads; results do not depend on it (default ${DEFAULT-VALUE}).")
    int threads;

    /** One probe of one layer after {@code step} training steps. */
    record Probe(long step, TimeScaleProbe p) {}

    @Override
    public Integer call() throws IOException {
        Check.positive("--batch", batch);
        Check.positive("--threads", threads);
        Check.positive("--train-batch", trainBatch);
        if (trainSteps < 0) throw new IllegalArgumentException("--train-steps must be >= 0, got " + trainSteps);
        if (probeEvery != null) {
            Check.positive("--probe-every", probeEvery);
            if (trainSteps == 0) throw new IllegalArgumentException("--probe-every needs --train-steps N");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        if (maxLag != null && maxLag < 0) throw new IllegalArgumentException("--max-lag must be >= 0, got " + maxLag);
        int[] range = fitRange(fit);
        AnalyzeCommand.Source src = AnalyzeCommand.source(spec, run, initSeed);
        AnalyzeCommand.checkOut(out);
        Task task = TaskRegistry.create(src.taskName(), src.taskOptions());
        ModelConfig cfg = RunSpec.model(task, src.cell(), src.hidden(), src.layers(), src.cellOptions());
        if (layer != null) Check.inRange("--layer", layer, 0, cfg.layers() - 1);
        List<Integer> layers = new ArrayList<>();
        for (int l = 0; l < cfg.layers(); l++) if (layer == null || layer == l) layers.add(l);
        TimeScaleProbe.Options base = new TimeScaleProbe.Options(0, block, maxLag == null ? Integer.MAX_VALUE : maxLag,
                range[0], range[1], perUnit);
        Batch probeBatch = task.sample(batch, Trainer.dataRandom(seed));
        List<Probe> probes = new ArrayList<>();
        String label = String.format(Locale.ROOT, "%s%s H=%d%s | %s", run == null && trainSteps == 0 ? "untrained " : "",
                src.cell(), src.hidden(), src.layers() > 1 ? " x" + src.layers() : "", AnalyzeCommand.taskLabel(src));
        System.out.printf(Locale.ROOT, "rnn4j analyze timescales: %s | %s H=%d x%d | %s | probe batch %d%n", task.describe(),
                src.cell(), src.hidden(), src.layers(), src.label(), batch);
        try (SequenceModel model = AnalyzeCommand.open(src, cfg, run, initSeed, threads)) {
            probeAll(model, probeBatch, base, layers, 0, probes);
            if (trainSteps > 0) {
                long every = probeEvery == null ? trainSteps : probeEvery;
                RandomGenerator data = Trainer.dataRandom(initSeed);
                TrainListener probeListener = new TrainListener() {
                    @Override
                    public void onStep(StepMetrics m) {
                        if (m.step() % every == 0 || m.step() == trainSteps) probeAll(model, probeBatch, base, layers, m.step(), probes);
                    }
                };
                new Trainer(model, Adam.of(lr), task::sample, new TrainConfig(trainSteps, trainBatch, 1.0, initSeed, threads), data,
                        List.of(probeListener)).run();
            }
        }
        Map<String, byte[]> files = outputs(probes, label, describe(src, task, probes));
        AnalyzeCommand.writeAll(out, files, TimescalesCommand::output);
        System.out.println("wrote " + out + ": " + String.join(", ", files.keySet()));
        return 0;
    }

    /** The names this command may write (some only for some cells or options). */
    static boolean output(String name) {
        return List.of("decay.csv", "fits.csv", "timescales.csv", "unit_fits.csv", "timescales.json").contains(name)
                || name.matches("(decay|timescales)_layer[0-9]+\\.png");
    }

    private static void probeAll(SequenceModel model, Batch b, TimeScaleProbe.Options base, List<Integer> layers, long step,
                                 List<Probe> probes) {
        for (int l : layers) {
            TimeScaleProbe p = TimeScaleProbe.of(model, b, base.withLayer(l));
            probes.add(new Probe(step, p));
            System.out.println(summary(step, p));
        }
    }

    /** {@code FROM:TO} → {from, to}; null → every k. */
    static int[] fitRange(String s) {
        if (s == null) return new int[] {0, Integer.MAX_VALUE};
        String[] parts = s.split(":", -1);
        try {
            if (parts.length == 2) {
                int from = Integer.parseInt(parts[0].trim()), to = Integer.parseInt(parts[1].trim());
                if (from >= 0 && to >= from) return new int[] {from, to};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--fit must be FROM:TO with 0 <= FROM <= TO (steps back from the loss step), got '" + s + "'");
    }

    static String summary(long step, TimeScaleProbe p) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "step %d layer %d: probe on %s, t*=%d, %d examples;"
                + " %s, R^2 %.3f over k=%d..%d", step, p.layer(), p.block(), p.lossStep(), p.examples(),
                decayText(p.fit()), p.fit().r2(), p.fit().from(), Math.min(p.fit().to(), p.decay().length - 1)));
        if (p.retention() != null) {
            double[] t = timeScales(p.retention());
            sb.append(String.format(Locale.ROOT, "; gate time scales T_exp median %s (min %s, max %s)", number(median(t)),
                    number(min(t)), number(max(t))));
        }
        return sb.toString();
    }

    /** "decay time 65.6 steps", "no decay: grows e-fold every 17.3 steps", or "no fit (…)". */
    static String decayText(DecayFit f) {
        if (Double.isNaN(f.slope()) && f.to() - f.from() < 1) return "no fit (the fit range holds fewer than 2 lags)";
        if (Double.isNaN(f.slope())) return "no fit (" + f.points() + " usable g_k: a gradient that is 0, overflows or is NaN)";
        if (f.slope() < 0) return "decay time " + number(f.tau()) + " steps";
        if (f.slope() == 0) return "no decay: flat";
        return "no decay: grows e-fold every " + number(1 / f.slope()) + " steps";
    }

    // ------------------------------------------------------------------ outputs

    static Map<String, byte[]> outputs(List<Probe> probes, String title, Map<String, Object> info) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        StringBuilder decay = new StringBuilder("step,layer,block,k,g\n");
        StringBuilder fits = new StringBuilder("step,layer,block,loss_step,examples,loss,fit_from,fit_to,points,slope,intercept,tau,r2\n");
        StringBuilder units = new StringBuilder("step,layer,unit,f_mean,T_exp,T_lin,f_bias,T_bias_exp,T_bias_lin\n");
        StringBuilder unitFits = new StringBuilder("step,layer,unit,points,slope,tau,r2\n");
        boolean anyGate = false, anyUnit = false;
        for (Probe pr : probes) {
            TimeScaleProbe p = pr.p();
            for (int k = 0; k < p.decay().length; k++) {
                decay.append(pr.step()).append(',').append(p.layer()).append(',').append(p.block()).append(',').append(k)
                        .append(',').append(p.decay()[k]).append('\n');
            }
            DecayFit ft = p.fit();
            fits.append(pr.step()).append(',').append(p.layer()).append(',').append(p.block()).append(',').append(p.lossStep())
                    .append(',').append(p.examples()).append(',').append(p.loss()).append(',').append(ft.from()).append(',')
                    .append(Math.min(ft.to(), p.decay().length - 1)).append(',').append(ft.points()).append(',')
                    .append(ft.slope()).append(',').append(ft.intercept()).append(',').append(ft.tau()).append(',')
                    .append(ft.r2()).append('\n');
            if (p.retention() != null) {
                anyGate = true;
                for (int j = 0; j < p.retention().length; j++) {
                    double fm = p.retention()[j], fb = p.target()[j];
                    units.append(pr.step()).append(',').append(p.layer()).append(',').append(j).append(',').append(fm).append(',')
                            .append(TimeScaleProbe.timeScaleExp(fm)).append(',').append(TimeScaleProbe.timeScaleLin(fm)).append(',')
                            .append(fb).append(',').append(TimeScaleProbe.timeScaleExp(fb)).append(',')
                            .append(TimeScaleProbe.timeScaleLin(fb)).append('\n');
                }
            }
            if (p.unitFits() != null) {
                anyUnit = true;
                for (int j = 0; j < p.unitFits().length; j++) {
                    DecayFit u = p.unitFits()[j];
                    unitFits.append(pr.step()).append(',').append(p.layer()).append(',').append(j).append(',').append(u.points())
                            .append(',').append(u.slope()).append(',').append(u.tau()).append(',').append(u.r2()).append('\n');
                }
            }
        }
        f.put("decay.csv", bytes(decay.toString()));
        f.put("fits.csv", bytes(fits.toString()));
        if (anyGate) f.put("timescales.csv", bytes(units.toString()));
        if (anyUnit) f.put("unit_fits.csv", bytes(unitFits.toString()));
        f.put("timescales.json", bytes(Format.json(info)));
        List<Integer> layers = probes.stream().map(p -> p.p().layer()).distinct().toList();
        for (int l : layers) {
            List<Probe> mine = probes.stream().filter(p -> p.p().layer() == l).toList();
            f.put("decay_layer" + l + ".png", PngEncoder.encode(decayPlot(mine, title + " | layer " + l).render()));
            if (mine.get(0).p().retention() != null) {
                f.put("timescales_layer" + l + ".png", PngEncoder.encode(histogram(mine, title + " | layer " + l).render()));
            }
        }
        return f;
    }

    /** ln-scale g_k against k for each probe, with its fitted line. */
    private static PngLinePlot decayPlot(List<Probe> probes, String title) {
        PngLinePlot plot = new PngLinePlot(title, "k (steps back from the loss step)", "g_k = mean ||dl/ds_(t*-k)||  (log)", true);
        for (Probe pr : shown(probes)) {
            TimeScaleProbe p = pr.p();
            int K = p.decay().length;
            double[] k = new double[K];
            for (int i = 0; i < K; i++) k[i] = i;
            DecayFit fd = p.fit();
            String how = Double.isNaN(fd.slope()) ? "no fit" : fd.slope() < 0 ? "tau " + number(fd.tau())
                    : "grows, e-fold/" + number(1 / fd.slope());
            plot.add(new PngLinePlot.Series(String.format(Locale.ROOT, "step %d: %s, R2 %.2f", pr.step(), how, fd.r2()), k, p.decay()));
            DecayFit ft = p.fit();
            if (!Double.isNaN(ft.slope())) {
                int a = ft.from(), b = Math.min(ft.to(), K - 1);
                plot.add(new PngLinePlot.Series("fit, step " + pr.step(), new double[] {a, b},
                        new double[] {Math.exp(ft.intercept() + ft.slope() * a), Math.exp(ft.intercept() + ft.slope() * b)}));
            }
        }
        return plot;
    }

    /** Histograms (outlines) of log10 T_exp per unit: at the bias alone, and measured at the first and last probe. */
    private static PngLinePlot histogram(List<Probe> probes, String title) {
        TimeScaleProbe first = probes.get(0).p(), last = probes.get(probes.size() - 1).p();
        List<double[]> sets = new ArrayList<>(List.of(log10(timeScales(first.target())), log10(timeScales(first.retention()))));
        if (probes.size() > 1) sets.add(log10(timeScales(last.retention())));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] s : sets) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        int bins = 24;
        PngLinePlot plot = new PngLinePlot(title, "log10 T_exp  (T_exp = -1/ln f, steps)", "units", false);
        String[] names = {"gate at its bias (init target)", "measured, step " + probes.get(0).step(),
                "measured, step " + probes.get(probes.size() - 1).step()};
        for (int i = 0; i < sets.size(); i++) plot.add(outline(names[i], sets.get(i), lo, hi, bins));
        return plot;
    }

    private static PngLinePlot.Series outline(String name, double[] v, double lo, double hi, int bins) {
        int[] c = new int[bins];
        double w = (hi - lo) / bins;
        for (double x : v) {
            if (!Double.isFinite(x)) continue;
            c[Math.min(bins - 1, Math.max(0, (int) ((x - lo) / w)))]++;
        }
        double[] xs = new double[2 * bins + 2], ys = new double[2 * bins + 2];
        xs[0] = lo;
        for (int i = 0; i < bins; i++) {
            xs[2 * i + 1] = lo + i * w;
            ys[2 * i + 1] = c[i];
            xs[2 * i + 2] = lo + (i + 1) * w;
            ys[2 * i + 2] = c[i];
        }
        xs[2 * bins + 1] = hi;
        return new PngLinePlot.Series(name, xs, ys);
    }

    /** At most 6 probes on one figure: the first, the last and evenly spaced ones between. */
    private static List<Probe> shown(List<Probe> probes) {
        int n = probes.size(), max = 6;
        if (n <= max) return probes;
        List<Probe> s = new ArrayList<>();
        for (int i = 0; i < max; i++) s.add(probes.get((int) Math.round(i * (n - 1) / (double) (max - 1))));
        return s;
    }

    private Map<String, Object> describe(AnalyzeCommand.Source src, Task task, List<Probe> probes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "rnn4j analyze timescales");
        m.put("model", src.label());
        m.put("task", src.taskName());
        m.put("task_description", task.describe());
        m.put("task_options", RunConfig.describe(src.taskOptions()));
        m.put("cell", src.cell());
        m.put("cell_options", RunConfig.describe(src.cellOptions()));
        m.put("hidden", src.hidden());
        m.put("layers", src.layers());
        m.put("probe_batch", batch);
        m.put("seed", seed);
        if (run == null || trainSteps > 0) m.put("init_seed", initSeed);   // with --run it still seeds the training data
        m.put("threads", threads);
        m.put("kernels", org.rnn4j.kernel.Kernels.implementationName());
        m.put("train_steps", trainSteps);
        if (trainSteps > 0) {
            m.put("probe_every", probeEvery == null ? trainSteps : probeEvery);
            m.put("train_batch", trainBatch);
            m.put("optimizer", "adam");
            m.put("lr", lr);
            m.put("clip", 1.0);
        }
        List<Object> list = new ArrayList<>();
        for (Probe pr : probes) {
            TimeScaleProbe p = pr.p();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("step", pr.step());
            e.put("layer", p.layer());
            e.put("block", p.block());
            e.put("loss_step", p.lossStep());
            e.put("loss", p.loss());
            e.put("decay_time", finite(p.fit().tau()));
            e.put("r2", finite(p.fit().r2()));
            if (p.retention() != null) {
                double[] t = timeScales(p.retention()), tb = timeScales(p.target());
                e.put("gate_time_scale_median", finite(median(t)));
                e.put("bias_time_scale_median", finite(median(tb)));
            }
            list.add(e);
        }
        m.put("probes", list);
        m.put("rnn4j_version", Main.version());
        return m;
    }

    /** JSON has no infinity: such values are written as strings. */
    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }

    private static double[] timeScales(double[] f) {
        double[] t = new double[f.length];
        for (int j = 0; j < f.length; j++) t[j] = TimeScaleProbe.timeScaleExp(f[j]);
        return t;
    }

    private static double[] log10(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.log10(v[i]);
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return "inf";
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
