package org.rnn4j.cli;

import java.util.Arrays;

/**
 * An RGB image in memory for the PNG figures, drawn without java.awt (headless machines may lack
 * fonts and fontconfig): pixels are {@code 0xRRGGBB} ints, row-major, (0, 0) at the top left.
 * Drawing outside the image is clipped. Lines are anti-aliased by coverage: a pixel whose centre
 * lies within {@code width/2} of the segment is fully covered, with a one-pixel linear fall-off.
 */
final class Raster {
    static final int WHITE = 0xFFFFFF, BLACK = 0x000000;
    private final int width, height;
    private final int[] rgb;

    Raster(int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.rgb = new int[width * height];
        Arrays.fill(rgb, WHITE);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The colour at (x, y) as {@code 0xRRGGBB}. */
    int get(int x, int y) {
        return rgb[y * width + x];
    }

    void set(int x, int y, int color) {
        if (x >= 0 && y >= 0 && x < width && y < height) rgb[y * width + x] = color & 0xFFFFFF;
    }

    /** Mixes {@code color} over the pixel with weight {@code alpha} in [0, 1]. */
    void blend(int x, int y, int color, double alpha) {
        if (x < 0 || y < 0 || x >= width || y >= height || !(alpha > 0)) return;
        if (alpha >= 1) {
            rgb[y * width + x] = color & 0xFFFFFF;
            return;
        }
        int old = rgb[y * width + x];
        int r = mix(old >> 16 & 0xFF, color >> 16 & 0xFF, alpha);
        int g = mix(old >> 8 & 0xFF, color >> 8 & 0xFF, alpha);
        int b = mix(old & 0xFF, color & 0xFF, alpha);
        rgb[y * width + x] = r << 16 | g << 8 | b;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    /** Fills {@code [x, x+w) × [y, y+h)}. */
    void fillRect(int x, int y, int w, int h, int color) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y), x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
        for (int yy = y0; yy < y1; yy++) Arrays.fill(rgb, yy * width + x0, Math.max(yy * width + x0, yy * width + x1), color & 0xFFFFFF);
    }

    /** The one-pixel outline of {@code [x, x+w) × [y, y+h)}. */
    void strokeRect(int x, int y, int w, int h, int color) {
        fillRect(x, y, w, 1, color);
        fillRect(x, y + h - 1, w, 1, color);
        fillRect(x, y, 1, h, color);
        fillRect(x + w - 1, y, 1, h, color);
    }

    /**
     * An anti-aliased polyline through the points (x[i], y[i]) in pixel coordinates (pixel (i, j)
     * has its centre at (i + 0.5, j + 0.5)); a non-finite coordinate breaks the line. Coverage is
     * the maximum over the segments, so joints are not drawn twice.
     */
    void polyline(double[] x, double[] y, double lineWidth, int color) {
        float[] cover = new float[width * height];
        int minX = width, minY = height, maxX = -1, maxY = -1;
        double r = lineWidth / 2;
        for (int i = 0; i + 1 < x.length; i++) {
            if (!finite(x[i], y[i]) || !finite(x[i + 1], y[i + 1])) continue;
            int bx0 = Math.max(0, (int) Math.floor(Math.min(x[i], x[i + 1]) - r - 1));
            int bx1 = Math.min(width - 1, (int) Math.ceil(Math.max(x[i], x[i + 1]) + r + 1));
            int by0 = Math.max(0, (int) Math.floor(Math.min(y[i], y[i + 1]) - r - 1));
            int by1 = Math.min(height - 1, (int) Math.ceil(Math.max(y[i], y[i + 1]) + r + 1));
            for (int py = by0; py <= by1; py++) {
                for (int px = bx0; px <= bx1; px++) {
                    double d = distance(px + 0.5, py + 0.5, x[i], y[i], x[i + 1], y[i + 1]);
                    float c = (float) Math.min(1, Math.max(0, r + 0.5 - d));
                    if (c > cover[py * width + px]) cover[py * width + px] = c;
                }
            }
            minX = Math.min(minX, bx0);
            maxX = Math.max(maxX, bx1);
            minY = Math.min(minY, by0);
            maxY = Math.max(maxY, by1);
        }
        for (int py = minY; py <= maxY; py++) {
            for (int px = minX; px <= maxX; px++) blend(px, py, color, cover[py * width + px]);
        }
    }

    /** A straight anti-aliased line from (x0, y0) to (x1, y1). */
    void line(double x0, double y0, double x1, double y1, double lineWidth, int color) {
        polyline(new double[] {x0, x1}, new double[] {y0, y1}, lineWidth, color);
    }

    private static boolean finite(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b);
    }

    /** Distance from point p to the segment a–b. */
    private static double distance(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double ex = px - (ax + t * dx), ey = py - (ay + t * dy);
        return Math.sqrt(ex * ex + ey * ey);
    }

    /** Text with its top-left corner at (x, y) in the built-in font. */
    void text(String s, int x, int y, int scale, int color) {
        BitmapFont.draw(this, s, x, y, scale, color);
    }

    /** Text centred horizontally on {@code cx}, top at {@code y}. */
    void textCentered(String s, int cx, int y, int scale, int color) {
        text(s, cx - BitmapFont.width(s, scale) / 2, y, scale, color);
    }

    /** Text ending at {@code right} (exclusive), vertically centred on {@code cy}. */
    void textRight(String s, int right, int cy, int scale, int color) {
        text(s, right - BitmapFont.width(s, scale), cy - BitmapFont.height(scale) / 2, scale, color);
    }

    /** Text read bottom to top, its left edge at {@code x}, centred vertically on {@code cy}. */
    void textUp(String s, int x, int cy, int scale, int color) {
        BitmapFont.drawUp(this, s, x, cy - BitmapFont.width(s, scale) / 2, scale, color);
    }

    /** A copy of the pixels, row-major {@code 0xRRGGBB}. */
    int[] pixels() {
        return rgb.clone();
    }
}
