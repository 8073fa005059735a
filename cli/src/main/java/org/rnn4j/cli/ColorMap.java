package org.rnn4j.cli;

/**
 * A perceptually ordered colour map for heat-maps: dark purple (low) through blue and green to
 * yellow (high), an approximation of matplotlib's viridis from its colours at 0, 0.1, …, 1
 * interpolated linearly in sRGB. Luminance rises with the value, so the map reads the same in
 * grey-scale and to colour-blind readers.
 */
final class ColorMap {
    private static final int[] STOPS = {
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
    };
    /** The colour of a missing (non-finite) value. */
    static final int MISSING = 0xBBBBBB;

    private ColorMap() {}

    /** The colour of {@code v} in [0, 1] (values outside are clamped; NaN gives {@link #MISSING}). */
    static int viridis(double v) {
        if (Double.isNaN(v)) return MISSING;
        double s = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
        int k = Math.min((int) s, STOPS.length - 2);
        double f = s - k;
        int a = STOPS[k], b = STOPS[k + 1];
        int r = lerp(a >> 16 & 0xFF, b >> 16 & 0xFF, f);
        int g = lerp(a >> 8 & 0xFF, b >> 8 & 0xFF, f);
        int bl = lerp(a & 0xFF, b & 0xFF, f);
        return r << 16 | g << 8 | bl;
    }

    private static int lerp(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** Relative luminance of an sRGB colour (Rec. 709 weights on linear light), in [0, 1]. */
    static double luminance(int rgb) {
        return 0.2126 * linear(rgb >> 16 & 0xFF) + 0.7152 * linear(rgb >> 8 & 0xFF) + 0.0722 * linear(rgb & 0xFF);
    }

    private static double linear(int c) {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
