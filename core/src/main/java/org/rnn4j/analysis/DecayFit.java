package org.rnn4j.analysis;

/**
 * A least-squares line through {@code (k, ln g_k)}: the exponential-decay model
 * {@code g_k ≈ e^a · e^(−k/τ)} of a gradient norm g going back k steps in time.
 * <pre>
 *   ln g_k ≈ intercept + slope·k      over k in [from, to] with g_k finite and > {@link #FLOOR}
 *   τ  = −1 / slope                   (the decay time in steps; +∞ when slope ≥ 0: no decay)
 *   R² = 1 − Σ(ln g_k − fit)² / Σ(ln g_k − mean)²     (1 when every point lies on the line)
 * </pre>
 * R² says how exponential the decay is — the condition under which Ohno &amp; Kumagai (2021) read
 * the forget gate as a time scale. Fewer than two usable points give NaN slope, intercept and R²;
 * points that are all equal (a flat line) give R² = 1.
 *
 * @param from      first k of the fitted range
 * @param to        last k of the fitted range (inclusive)
 * @param points    how many k in the range had a finite g_k above {@link #FLOOR}
 * @param slope     d ln g / dk
 * @param intercept ln g at k = 0 on the line
 * @param r2        coefficient of determination of the fit
 */
public record DecayFit(int from, int to, int points, double slope, double intercept, double r2) {

    /**
     * Values at or below 1e-35 are left out of the fit: the gradients are float32, which keeps full
     * precision down to 1.2e-38; below that they round to a few subnormal values or 0 and stop
     * decaying (an untrained GRU's g_k on a 750-step task sits at 3e-43 from k ≈ 300 on).
     */
    public static final double FLOOR = 1e-35;

    /** The decay time {@code −1/slope} in steps; +∞ when the line does not fall; NaN without a fit. */
    public double tau() {
        if (Double.isNaN(slope)) return Double.NaN;
        return slope < 0 ? -1 / slope : Double.POSITIVE_INFINITY;
    }

    /**
     * Fits {@code ln g[k]} for k in {@code [from, to]} (clamped to the array), skipping entries
     * that are not finite or not above {@link #FLOOR}.
     */
    public static DecayFit of(double[] g, int from, int to) {
        if (from < 0 || to < from) throw new IllegalArgumentException("fit range must satisfy 0 <= from <= to, got ["
                + from + ", " + to + "]");
        int hi = Math.min(to, g.length - 1);
        double sx = 0, sy = 0;
        int n = 0;
        for (int k = from; k <= hi; k++) {
            if (usable(g[k])) {
                sx += k;
                sy += Math.log(g[k]);
                n++;
            }
        }
        if (n < 2) return new DecayFit(from, to, n, Double.NaN, Double.NaN, Double.NaN);
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0, syy = 0;
        for (int k = from; k <= hi; k++) {
            if (!usable(g[k])) continue;
            double dx = k - mx, dy = Math.log(g[k]) - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double slope = sxy / sxx, intercept = my - slope * mx;
        double res = 0;
        for (int k = from; k <= hi; k++) {
            if (!usable(g[k])) continue;
            double e = Math.log(g[k]) - (intercept + slope * k);
            res += e * e;
        }
        double r2 = syy > 0 ? 1 - res / syy : 1;
        return new DecayFit(from, to, n, slope, intercept, r2);
    }

    private static boolean usable(double v) {
        return v > FLOOR && Double.isFinite(v);
    }
}
