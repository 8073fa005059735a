package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as SVG: series of (x, y) points, optional horizontal reference lines
 * (dashed or dotted), a linear or logarithmic y axis.
 */
final class SvgPlot {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
    private static final int W = 820, H = 460, L = 70, R = 170, T = 40, B = 55;

    record Series(String label, double[] x, double[] y) {}

    /** How a reference line is drawn. */
    enum Dash {
        DASHED("6 4"), DOTTED("2 3");

        final String pattern;

        Dash(String pattern) {
            this.pattern = pattern;
        }
    }

    record HLine(String label, double y, Dash dash) {
        /** A dashed line. */
        HLine(String label, double y) {
            this(label, y, Dash.DASHED);
        }
    }

    private final String title, xLabel, yLabel;
    private double yMax = Double.NaN;
    private boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<HLine> lines = new ArrayList<>();

    SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    void add(Series s) {
        series.add(s);
    }

    void add(HLine l) {
        lines.add(l);
    }

    /** Caps the y axis at {@code v} (values above are drawn at the top edge). */
    void yMax(double v) {
        yMax = v;
    }

    /** A logarithmic y axis (values ≤ 0 are left out); the range spans whole decades. */
    void logY(boolean on) {
        logY = on;
    }

    String render() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!shown(s.y()[i])) continue;
                x0 = Math.min(x0, s.x()[i]);
                x1 = Math.max(x1, s.x()[i]);
                y0 = Math.min(y0, s.y()[i]);
                y1 = Math.max(y1, s.y()[i]);
            }
        }
        for (HLine l : lines) {
            if (!shown(l.y())) continue;
            y0 = Math.min(y0, l.y());
            y1 = Math.max(y1, l.y());
        }
        if (!(x1 > x0)) x1 = x0 + 1;
        x0 = Math.min(0, x0);
        double xStep = niceStep((x1 - x0) / 5);
        x1 = Math.ceil(x1 / xStep) * xStep;
        YAxis y = logY ? logAxis(y0, y1) : linearAxis(y0, y1);
        final double fx0 = x0, fx1 = x1;
        java.util.function.DoubleUnaryOperator px = v -> L + (v - fx0) / (fx1 - fx0) * (W - L - R);
        java.util.function.DoubleUnaryOperator py = v -> H - B - (y.position(v) - y.position(y.lo()))
                / (y.position(y.hi()) - y.position(y.lo())) * (H - T - B);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", L, esc(title)));
        for (int i = 0; i < y.ticks().length; i++) { // grid and ticks
            double yy = py.applyAsDouble(y.ticks()[i]);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", L, yy, W - R, yy));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L - 6, yy + 4, y.labels()[i]));
        }
        for (double xv = x0; xv <= x1 + 1e-9 * xStep; xv += xStep) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px.applyAsDouble(xv), H - B + 18, tick(xv, xStep)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                L, T, W - L - R, H - T - B));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", (L + W - R) / 2, H - 12, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                (T + H - B) / 2, esc(yLabel + (logY ? " (log scale)" : ""))));
        int legendY = T + 8;
        for (HLine l : lines) {
            if (!shown(l.y()) || l.y() > y.hi()) continue;
            double yy = py.applyAsDouble(l.y());
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"%s\"/>%n",
                    L, yy, W - R, yy, l.dash().pattern));
            sb.append(legend(legendY, "#555", l.dash().pattern, l.label()));
            legendY += 18;
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!shown(s.y()[i])) continue;
                double yv = Math.min(s.y()[i], y.hi());
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(s.x()[i]), py.applyAsDouble(yv)));
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" points=\"%s\"/>%n", color, pts));
            sb.append(legend(legendY, color, null, s.label()));
            legendY += 18;
        }
        return sb.append("</svg>\n").toString();
    }

    /** Whether {@code v} can be drawn on this plot's y axis. */
    private boolean shown(double v) {
        return Double.isFinite(v) && (!logY || v > 0);
    }

    /**
     * The y range [lo, hi], where each tick goes, and how a value maps to a position along the axis
     * (the value itself, or its log10).
     */
    private record YAxis(double lo, double hi, double[] ticks, String[] labels, boolean log) {
        double position(double v) {
            return log ? Math.log10(v) : v;
        }
    }

    private YAxis linearAxis(double y0, double y1) {
        y0 = Math.min(0, y0);
        if (Double.isFinite(yMax) && yMax > y0) y1 = Math.min(y1, yMax);
        if (!(y1 > y0)) y1 = y0 + 1;
        double step = niceStep((y1 - y0) / 5);
        y1 = Math.ceil(y1 / step) * step;
        int n = (int) Math.floor((y1 - y0) / step + 1e-9) + 1;
        double[] ticks = new double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            ticks[i] = y0 + i * step;
            labels[i] = tick(ticks[i], step);
        }
        return new YAxis(y0, y1, ticks, labels, false);
    }

    /** Whole decades from below the smallest to above the largest value; a tick per decade (or every few). */
    private YAxis logAxis(double y0, double y1) {
        if (!(y0 > 0)) {
            y0 = 0.1;
            y1 = 1;
        }
        if (Double.isFinite(yMax) && yMax > y0) y1 = Math.min(y1, yMax);
        int d0 = (int) Math.floor(Math.log10(y0) + 1e-9), d1 = (int) Math.ceil(Math.log10(y1) - 1e-9);
        if (d1 <= d0) d1 = d0 + 1;
        int every = Math.max(1, (int) Math.ceil((d1 - d0) / 8.0));
        List<Double> ticks = new ArrayList<>();
        for (int d = d0; d <= d1; d += every) ticks.add(Math.pow(10, d));
        if ((d1 - d0) <= 2) { // few decades: also 2 and 5 times each power
            for (int d = d0; d < d1; d++) {
                ticks.add(2 * Math.pow(10, d));
                ticks.add(5 * Math.pow(10, d));
            }
        }
        ticks.sort(null);
        double[] t = ticks.stream().mapToDouble(Double::doubleValue).toArray();
        String[] labels = new String[t.length];
        for (int i = 0; i < t.length; i++) labels[i] = decade(t[i]);
        return new YAxis(Math.pow(10, d0), Math.pow(10, d1), t, labels, true);
    }

    /** A tick label: {@code 0.001}, {@code 0.5}, {@code 20} as plain decimals from 1e-4 to 1e4, else {@code 1e-6}, {@code 5e-7}. */
    static String decade(double v) {
        int exp = (int) Math.floor(Math.log10(v) + 1e-9);
        if (exp < -4 || exp > 4) {
            return String.format(Locale.ROOT, "%.0fe%d", v / Math.pow(10, exp), exp);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString();
    }

    private static String legend(int y, String color, String dashPattern, String label) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n", W - R + 10, y, W - R + 34, y, color,
                dashPattern == null ? "" : " stroke-dasharray=\"" + dashPattern + "\"", W - R + 40, y + 4, esc(label));
    }

    /** A 1, 2 or 5 times a power of ten close to {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }

    private static String tick(double v, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < 1e-12 ? 0 : v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
