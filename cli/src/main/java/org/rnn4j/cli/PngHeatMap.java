package org.rnn4j.cli;

/**
 * A heat-map of a matrix {@code [T, U]} (time-major: row t holds the U units at step t) rendered
 * to a {@link Raster}: time on x, unit on y (unit 0 at the top, as an image), colours from
 * {@link ColorMap#viridis}, and a colour bar with ticks on the right.
 * <p>Each step gets {@code cellWidth} = ⌊640/T⌋ pixels when T ≤ 640 (so every step is equally
 * wide), one pixel when T ≤ 1280, and beyond that the plot is 1280 pixels wide and each pixel
 * column shows the step at its centre; units likewise with 320 and 640. The colour range is
 * [min, max] of the data, or [−a, a] with a = max |value| when {@code symmetric} (for signed
 * data such as increments, so 0 sits mid-scale).
 */
final class PngHeatMap {
    static final int LEFT = 84, RIGHT = 150, TOP = 44, BOTTOM = 58, BAR_GAP = 24, BAR_WIDTH = 18;
    private static final int SCALE = 2;

    private final String title, xLabel, yLabel;
    private final float[] data;
    private final int steps, units;
    private final double lo, hi;
    private final int plotWidth, plotHeight;

    /**
     * @param data  {@code [T, U]} row-major, time-major
     * @param steps T ≥ 1
     * @param units U ≥ 1
     */
    PngHeatMap(String title, String xLabel, String yLabel, float[] data, int steps, int units, boolean symmetric) {
        if (steps < 1 || units < 1 || data.length != steps * units) {
            throw new IllegalArgumentException("heat-map data must be [T, U] with T, U >= 1, got " + data.length
                    + " values for T=" + steps + ", U=" + units);
        }
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.data = data;
        this.steps = steps;
        this.units = units;
        double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        for (float v : data) {
            if (!Float.isFinite(v)) continue;
            mn = Math.min(mn, v);
            mx = Math.max(mx, v);
        }
        if (!(mn <= mx)) {
            mn = 0;
            mx = 0;
        }
        if (symmetric) {
            double a = Math.max(Math.abs(mn), Math.abs(mx));
            mn = -a;
            mx = a;
        }
        if (!(mx > mn)) {                                       // a constant matrix: centre it on the scale
            double pad = mn == 0 ? 1 : Math.abs(mn) * 0.5;
            mn -= pad;
            mx += pad;
        }
        this.lo = mn;
        this.hi = mx;
        this.plotWidth = extent(steps, 640);
        this.plotHeight = extent(units, 320);
    }

    private static int extent(int n, int target) {
        if (n <= target) return n * (target / n);
        return Math.min(n, 2 * target);
    }

    int width() {
        return LEFT + plotWidth + RIGHT;
    }

    int height() {
        return TOP + plotHeight + BOTTOM;
    }

    /** Lowest value of the colour scale. */
    double low() {
        return lo;
    }

    /** Highest value of the colour scale. */
    double high() {
        return hi;
    }

    /** The pixel column at the centre of step t's cells. */
    int columnOf(int t) {
        return LEFT + (int) ((t + 0.5) * plotWidth / steps);
    }

    /** The pixel row at the centre of unit u's cells. */
    int rowOf(int u) {
        return TOP + (int) ((u + 0.5) * plotHeight / units);
    }

    /** The colour of value v on this map's scale. */
    int colorOf(double v) {
        return ColorMap.viridis((v - lo) / (hi - lo));
    }

    Raster render() {
        Raster r = new Raster(width(), height());
        for (int py = 0; py < plotHeight; py++) {
            int u = (int) ((py + 0.5) * units / plotHeight);
            for (int px = 0; px < plotWidth; px++) {
                int t = (int) ((px + 0.5) * steps / plotWidth);
                r.set(LEFT + px, TOP + py, colorOf(data[t * units + u]));
            }
        }
        r.strokeRect(LEFT - 1, TOP - 1, plotWidth + 2, plotHeight + 2, PngLinePlot.FRAME);
        Ticks xt = Ticks.linear(0, steps - 1, Math.max(2, Math.min(8, plotWidth / 80)));
        for (int i = 0; i < xt.values().length; i++) {
            int x = columnOf((int) xt.values()[i]);
            r.fillRect(x, TOP + plotHeight + 1, 1, 5, PngLinePlot.FRAME);
            r.textCentered(xt.labels()[i], x, TOP + plotHeight + 10, SCALE, PngLinePlot.TEXT);
        }
        Ticks yt = Ticks.linear(0, units - 1, Math.max(2, Math.min(6, plotHeight / 50)));
        for (int i = 0; i < yt.values().length; i++) {
            int y = rowOf((int) yt.values()[i]);
            r.fillRect(LEFT - 6, y, 5, 1, PngLinePlot.FRAME);
            r.textRight(yt.labels()[i], LEFT - 9, y, SCALE, PngLinePlot.TEXT);
        }
        colorBar(r);
        r.text(title, LEFT, 14, SCALE, PngLinePlot.TEXT);
        r.textCentered(xLabel, LEFT + plotWidth / 2, height() - 20, SCALE, PngLinePlot.TEXT);
        r.textUp(yLabel, 10, TOP + plotHeight / 2, SCALE, PngLinePlot.TEXT);
        return r;
    }

    private void colorBar(Raster r) {
        int bx = LEFT + plotWidth + BAR_GAP;
        for (int py = 0; py < plotHeight; py++) {
            double v = hi - (py + 0.5) / plotHeight * (hi - lo);
            r.fillRect(bx, TOP + py, BAR_WIDTH, 1, colorOf(v));
        }
        r.strokeRect(bx - 1, TOP - 1, BAR_WIDTH + 2, plotHeight + 2, PngLinePlot.FRAME);
        Ticks ct = Ticks.linear(lo, hi, 5);
        for (int i = 0; i < ct.values().length; i++) {
            int y = TOP + (int) Math.round((hi - ct.values()[i]) / (hi - lo) * (plotHeight - 1));
            r.fillRect(bx + BAR_WIDTH + 1, y, 5, 1, PngLinePlot.FRAME);
            r.text(ct.labels()[i], bx + BAR_WIDTH + 9, y - BitmapFont.height(SCALE) / 2, SCALE, PngLinePlot.TEXT);
        }
    }
}
