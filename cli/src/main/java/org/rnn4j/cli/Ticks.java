package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks for the PNG figures: values and their labels.
 *
 * @param values tick positions in data units, increasing
 * @param labels one label per value ({@code ""} = a tick without label)
 */
record Ticks(double[] values, String[] labels) {

    /** Ticks at multiples of a 1-2-5 step inside [lo, hi], about {@code target} of them. */
    static Ticks linear(double lo, double hi, int target) {
        if (!(hi > lo)) return new Ticks(new double[] {lo}, new String[] {number(lo, 1)});
        double step = SvgPlot.niceStep((hi - lo) / target);
        List<Double> v = new ArrayList<>();
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) v.add(Math.abs(t) < 1e-12 * step ? 0 : t);
        double[] values = v.stream().mapToDouble(Double::doubleValue).toArray();
        String[] labels = new String[values.length];
        for (int i = 0; i < values.length; i++) labels[i] = number(values[i], step);
        return new Ticks(values, labels);
    }

    /**
     * Ticks at the powers of ten (values are the exponents) from ⌊log10 lo⌋ to ⌈log10 hi⌉; with
     * more than {@code maxLabels} decades only every k-th gets a label.
     */
    static Ticks decades(double lo, double hi, int maxLabels) {
        int e0 = (int) Math.floor(Math.log10(lo)), e1 = Math.max(e0 + 1, (int) Math.ceil(Math.log10(hi)));
        int every = Math.max(1, (int) Math.ceil((e1 - e0 + 1) / (double) maxLabels));
        double[] values = new double[e1 - e0 + 1];
        String[] labels = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            int e = e0 + i;
            values[i] = e;
            labels[i] = Math.floorMod(e, every) == 0 ? powerOfTen(e) : "";
        }
        return new Ticks(values, labels);
    }

    /** 10^e as 0.01, 0.1, 1, 10, 100, 1000, else 1e-5, 1e6. */
    static String powerOfTen(int e) {
        if (e >= 0 && e <= 3) return Long.toString((long) Math.pow(10, e));
        if (e < 0 && e >= -2) return "0." + "0".repeat(-e - 1) + "1";
        return "1e" + e;
    }

    /** {@code v} with as many decimals as {@code step} needs; tiny or huge values in e-notation. */
    static String number(double v, double step) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || step < 1e-3) return scientific(v);
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** For example 1.5e-4, -2e6: two significant digits, trailing zeros dropped. */
    static String scientific(double v) {
        int e = (int) Math.floor(Math.log10(Math.abs(v)));
        double m = v / Math.pow(10, e);
        if (Math.abs(Math.round(m * 10) / 10.0) >= 10) {
            m /= 10;
            e++;
        }
        String ms = String.format(Locale.ROOT, "%.1f", m);
        if (ms.endsWith(".0")) ms = ms.substring(0, ms.length() - 2);
        return ms + "e" + e;
    }
}
