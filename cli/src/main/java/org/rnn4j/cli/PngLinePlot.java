package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart rendered to a {@link Raster} with the built-in font: title, axis labels, tick
 * labels, a light grid, one anti-aliased line per series and a legend. The y axis is linear
 * (from min(0, data) up) or logarithmic (decades; values ≤ 0 leave a gap in the line).
 */
final class PngLinePlot {
    static final int WIDTH = 800, HEIGHT = 460;
    /** Plot-area margins: left, right, top, bottom. */
    static final int LEFT = 100, RIGHT = 24, TOP = 44, BOTTOM = 58;
    static final int[] COLORS = {0x1F77B4, 0xD62728, 0x2CA02C, 0xFF7F0E, 0x9467BD, 0x8C564B, 0xE377C2, 0x17BECF};
    static final int TEXT = 0x222222, GRID = 0xE5E5E5, FRAME = 0x444444;
    private static final int SCALE = 2;

    record Series(String label, double[] x, double[] y) {
        Series {
            if (x.length != y.length) throw new IllegalArgumentException("series '" + label + "' needs as many x as y values");
        }
    }

    private final String title, xLabel, yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private double x0, x1, y0, y1;                               // data range; for log y: exponents

    PngLinePlot(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    PngLinePlot add(Series s) {
        series.add(s);
        return this;
    }

    /** Renders the chart. */
    Raster render() {
        range();
        Raster r = new Raster(WIDTH, HEIGHT);
        int pw = WIDTH - LEFT - RIGHT, ph = HEIGHT - TOP - BOTTOM;
        Ticks yt = logY ? Ticks.decades(Math.pow(10, y0), Math.pow(10, y1), 8) : Ticks.linear(y0, y1, 5);
        for (int i = 0; i < yt.values().length; i++) {
            int yy = (int) Math.round(py(yt.values()[i]) - 0.5);
            r.fillRect(LEFT, yy, pw, 1, GRID);
            r.fillRect(LEFT - 5, yy, 5, 1, FRAME);
            if (!yt.labels()[i].isEmpty()) r.textRight(yt.labels()[i], LEFT - 9, yy, SCALE, TEXT);
        }
        Ticks xt = Ticks.linear(x0, x1, 8);
        for (int i = 0; i < xt.values().length; i++) {
            int xx = (int) Math.round(px(xt.values()[i]) - 0.5);
            r.fillRect(xx, TOP, 1, ph, GRID);
            r.fillRect(xx, TOP + ph, 1, 5, FRAME);
            r.textCentered(xt.labels()[i], xx, TOP + ph + 10, SCALE, TEXT);
        }
        r.strokeRect(LEFT - 1, TOP - 1, pw + 2, ph + 2, FRAME);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            double[] xs = new double[s.x().length], ys = new double[s.y().length];
            for (int i = 0; i < xs.length; i++) {
                double v = value(s.y()[i]);
                xs[i] = px(s.x()[i]);
                ys[i] = Double.isFinite(v) ? py(Math.max(y0, Math.min(y1, v))) : Double.NaN;
            }
            r.polyline(xs, ys, 2.0, COLORS[k % COLORS.length]);
            if (xs.length == 1 && Double.isFinite(ys[0])) r.fillRect((int) xs[0] - 2, (int) ys[0] - 2, 5, 5, COLORS[k % COLORS.length]);
        }
        legend(r);
        r.text(title, LEFT, 14, SCALE, TEXT);
        r.textCentered(xLabel, LEFT + pw / 2, HEIGHT - 20, SCALE, TEXT);
        r.textUp(yLabel, 10, TOP + ph / 2, SCALE, TEXT);
        return r;
    }

    /** The pixel column of x (a continuous coordinate: pixel i covers [i, i+1)). */
    double px(double x) {
        return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
    }

    /** The pixel row of a y value already on the axis scale (the exponent for a log axis). */
    double py(double v) {
        return TOP + (y1 - v) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
    }

    /** The pixel row of data value y (log10 applied on a log axis). */
    double pyData(double y) {
        return py(value(y));
    }

    private double value(double y) {
        if (!logY) return y;
        return y > 0 ? Math.log10(y) : Double.NaN;
    }

    private void range() {
        x0 = Double.POSITIVE_INFINITY;
        x1 = Double.NEGATIVE_INFINITY;
        y0 = Double.POSITIVE_INFINITY;
        y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double v = value(s.y()[i]);
                if (!Double.isFinite(v) || !Double.isFinite(s.x()[i])) continue;
                x0 = Math.min(x0, s.x()[i]);
                x1 = Math.max(x1, s.x()[i]);
                y0 = Math.min(y0, v);
                y1 = Math.max(y1, v);
            }
        }
        if (!(x0 <= x1)) {
            x0 = 0;
            x1 = 1;
        }
        if (!(x1 > x0)) x1 = x0 + 1;
        if (logY) {
            if (!(y0 <= y1)) {
                y0 = -1;
                y1 = 0;
            }
            y0 = Math.floor(y0);
            y1 = Math.max(y0 + 1, Math.ceil(y1));
        } else {
            if (!(y0 <= y1)) {
                y0 = 0;
                y1 = 1;
            }
            y0 = Math.min(0, y0);
            if (!(y1 > y0)) y1 = y0 + 1;
            double step = SvgPlot.niceStep((y1 - y0) / 5);
            y1 = Math.ceil(y1 / step - 1e-9) * step;
            y0 = Math.floor(y0 / step + 1e-9) * step;
        }
    }

    /** The legend box in the corner of the plot area that covers the fewest data points. */
    private void legend(Raster r) {
        if (series.size() < 2 && (series.isEmpty() || series.get(0).label().isEmpty())) return;
        int lineH = BitmapFont.height(SCALE) + 8, w = 0;
        for (Series s : series) w = Math.max(w, BitmapFont.width(s.label(), SCALE));
        int bw = w + 50, bh = series.size() * lineH + 8;
        int[][] corners = {{WIDTH - RIGHT - bw - 8, TOP + 8}, {LEFT + 8, TOP + 8},
            {WIDTH - RIGHT - bw - 8, HEIGHT - BOTTOM - bh - 8}, {LEFT + 8, HEIGHT - BOTTOM - bh - 8}};
        int bx = corners[0][0], by = corners[0][1], fewest = Integer.MAX_VALUE;
        for (int[] c : corners) {
            int n = 0;
            for (Series s : series) {
                for (int i = 0; i < s.x().length; i++) {
                    double v = value(s.y()[i]), x = px(s.x()[i]), y = Double.isFinite(v) ? py(Math.max(y0, Math.min(y1, v))) : Double.NaN;
                    if (x >= c[0] - 4 && x <= c[0] + bw + 4 && y >= c[1] - 4 && y <= c[1] + bh + 4) n++;
                }
            }
            if (n < fewest) {
                fewest = n;
                bx = c[0];
                by = c[1];
            }
        }
        r.fillRect(bx, by, bw, bh, Raster.WHITE);
        r.strokeRect(bx, by, bw, bh, GRID);
        for (int k = 0; k < series.size(); k++) {
            int cy = by + 4 + k * lineH + lineH / 2;
            int color = COLORS[k % COLORS.length];
            r.fillRect(bx + 8, cy - 1, 26, 3, color);
            r.text(series.get(k).label(), bx + 42, cy - BitmapFont.height(SCALE) / 2, SCALE, TEXT);
        }
    }
}
