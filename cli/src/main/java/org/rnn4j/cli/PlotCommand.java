package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j plot}: draws a metric of one or more run folders against the step, as SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plots a metric of one or more run folders (their metrics.csv) against the step,",
                "with the memoryless baseline as a dashed line, and writes an SVG file.", ""})
final class PlotCommand implements Callable<Integer> {
    static final List<String> METRICS = List.of("loss", "accuracy", "grad_norm", "steps_per_second");

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders written by 'rnn4j train'.")
    List<Path> runs;

    @Option(names = "--metric", defaultValue = "loss", paramLabel = "NAME",
            description = "loss, accuracy, grad_norm or steps_per_second (default ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--smooth", defaultValue = "50", paramLabel = "N",
            description = "Running mean over N steps, 1 = raw (default ${DEFAULT-VALUE}).")
    int smooth;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: the task of the first run).")
    String title;

    @Option(names = "--ymax", paramLabel = "Y",
            description = "Top of the y axis (default for loss: 2 x the memoryless baseline, else the data's maximum).")
    Double ymax;

    @Option(names = "--out", required = true, paramLabel = "FILE.svg", description = "Where to write the SVG.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("--metric must be one of " + String.join(", ", METRICS) + ", got '" + metric + "'");
        }
        if (smooth < 1) throw new IllegalArgumentException("--smooth must be >= 1, got " + smooth);
        SvgPlot plot = null;
        Double baseline = null;
        for (Path run : runs) {
            Path csv = run.resolve("metrics.csv"), config = run.resolve("config.json");
            if (!Files.isRegularFile(csv) || !Files.isRegularFile(config)) {
                throw new IllegalArgumentException("RUN " + run + " is not a run folder (needs metrics.csv and config.json)");
            }
            String cfg = Files.readString(config);
            if (plot == null) {
                plot = new SvgPlot(title != null ? title : str(cfg, "task_description"), "step", metric.replace('_', ' '));
            }
            List<String> lines = Files.readAllLines(csv);
            String[] header = lines.get(0).split(",");
            int col = List.of(header).indexOf(metric);
            if (col < 0) throw new IllegalArgumentException(csv + " has no column '" + metric + "'");
            int n = lines.size() - 1;
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",", -1);
                try {
                    x[i] = Double.parseDouble(f[0]);
                    y[i] = f[col].isEmpty() ? Double.NaN : Double.parseDouble(f[col]);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new IllegalArgumentException(csv + " line " + (i + 2) + " is malformed: " + lines.get(i + 1));
                }
            }
            String label = str(cfg, "cell") + " H=" + (long) num(cfg, "hidden");
            plot.add(new SvgPlot.Series(label, x, runningMean(y, smooth)));
            if (baseline == null && metric.equals("loss")) baseline = num(cfg, "memoryless_loss");
        }
        if (baseline != null && Double.isFinite(baseline)) {
            plot.add(new SvgPlot.HLine("memoryless", baseline));
            plot.yMax(2 * baseline);
        }
        if (ymax != null) plot.yMax(ymax);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, plot.render());
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + out);
        return 0;
    }

    static double[] runningMean(double[] y, int w) {
        double[] r = new double[y.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                sum += y[i];
                count++;
            }
            if (i >= w && Double.isFinite(y[i - w])) {
                sum -= y[i - w];
                count--;
            }
            r[i] = count > 0 ? sum / count : Double.NaN;
        }
        return r;
    }

    private static String str(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static double num(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.eE+-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
