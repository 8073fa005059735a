package org.rnn4j.cli;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches a model to a parameter budget ({@code --params}): picks the hidden size H whose total
 * parameter count (every layer plus the readout, as {@code SequenceModel.parameterCount} counts
 * them) is closest to the budget, ties going to the smaller H.
 * <pre>
 *   H* = argmin over H in [1, MAX_HIDDEN] of |count(H) − budget|        (ties → smaller H)
 *   refused when |count(H*) − budget| > TOLERANCE · budget
 * </pre>
 * Counts grow with H, so the search is a binary search for the first H whose count reaches the
 * budget, then a look at that H and the one below it: about 17 counts, whatever the cell. A cell
 * may refuse some hidden sizes (say, odd ones); the search then uses the nearest accepted size
 * above a probe. {@link #MAX_GAP} refusals in a row from H = 1 report the cell's own error (an
 * option that cannot work); higher up they mark the largest size the cell accepts.
 */
final class ParamBudget {
    /** A best match further than this fraction from the budget is refused (10 %). */
    static final double TOLERANCE = 0.10;
    /** The largest hidden size searched. */
    static final int MAX_HIDDEN = 100_000;
    /** Consecutive hidden sizes a cell may refuse before the search reports the cell's error. */
    static final int MAX_GAP = 64;
    /** The accepted forms, for messages and help. */
    static final String FORMS = "23500, 23.5k, 0.165M or 2.15m";

    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)([kKmM]?)");

    private ParamBudget() {}

    /**
     * The hidden size chosen for a budget.
     *
     * @param budget     the requested number of parameters
     * @param hidden     the chosen H
     * @param parameters the model's parameter count at that H
     */
    record Match(long budget, int hidden, long parameters) {

        /** {@code (parameters − budget) / budget}. */
        double relativeError() {
            return (double) (parameters - budget) / budget;
        }

        /** {@code lstm: H=70 → 23,529 parameters (budget 23,500, +0.1%)}. */
        String describe(String label) {
            return String.format(Locale.ROOT, "%s: H=%d → %,d parameters (budget %,d, %+.1f%%)", label, hidden,
                    parameters, budget, 100 * relativeError());
        }

        /** For config.json and summaries. */
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("budget", budget);
            m.put("hidden", hidden);
            m.put("parameters", parameters);
            m.put("relative_error", relativeError());
            return m;
        }
    }

    /**
     * Parses a budget: a whole number of parameters, optionally with a decimal fraction and a
     * suffix {@code k} (×1000) or {@code M}/{@code m} (×10⁶): {@code 23500}, {@code 23.5k},
     * {@code 0.165M}, {@code 2.15m}.
     *
     * @throws IllegalArgumentException naming {@code --params} and the accepted forms
     */
    static long parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--params must be a parameter count such as " + FORMS + ", got '" + text + "'");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        String suffix = m.group(2).toLowerCase(Locale.ROOT);
        if (suffix.equals("k")) v = v.movePointRight(3);
        if (suffix.equals("m")) v = v.movePointRight(6);
        if (v.signum() <= 0) throw new IllegalArgumentException("--params must be > 0, got '" + text + "'");
        if (v.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("--params must be a whole number of parameters, got '" + text + "' = "
                    + v.stripTrailingZeros().toPlainString());
        }
        if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("--params is too large, got '" + text + "'");
        }
        return v.longValueExact();
    }

    /**
     * The hidden size whose parameter count is closest to {@code budget}.
     *
     * @param what   names the model in messages, e.g. {@code cell 'lstm'}
     * @param budget the requested parameter count, ≥ 1
     * @param count  the parameter count of the model with hidden size H; non-decreasing in H; may
     *               throw IllegalArgumentException for a hidden size the cell does not accept
     * @throws IllegalArgumentException when the best match misses the budget by more than
     *                                  {@link #TOLERANCE}, naming the budget, the smallest model
     *                                  (H=1) and budgets that would work
     */
    static Match match(String what, long budget, IntToLongFunction count) {
        if (budget < 1) throw new IllegalArgumentException("--params must be > 0, got " + budget);
        Counts c = new Counts(count);
        int first = c.acceptedAtOrAbove(1);
        if (first < 0) throw new IllegalArgumentException(what + " accepts no hidden size up to " + MAX_HIDDEN);
        int below = -1, above;
        if (c.count(first) >= budget) {
            above = first;
        } else {
            // Invariant: the first accepted size at or above lo counts < budget; at or above hi, ≥ budget (or none).
            int lo = first, hi = MAX_HIDDEN + 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                int a = c.acceptedAtOrAbove(mid);
                if (a < 0 || c.count(a) >= budget) hi = mid;
                else lo = mid;
            }
            below = lo; // accepted (see the invariant: nothing is accepted strictly between lo and hi)
            above = hi <= MAX_HIDDEN ? c.acceptedAtOrAbove(hi) : -1;
        }
        int best = below < 0 ? above
                : above < 0 ? below
                : c.count(above) - budget < budget - c.count(below) ? above : below; // ties → smaller H
        Match m = new Match(budget, best, c.count(best));
        if (Math.abs(m.relativeError()) <= TOLERANCE) return m;
        long smallest = c.count(first);
        String head = String.format(Locale.ROOT, "--params %,d: no hidden size of %s comes within %.0f%% of the budget: ",
                budget, what, 100 * TOLERANCE);
        if (below < 0) {
            throw new IllegalArgumentException(head + String.format(Locale.ROOT,
                    "its smallest model (H=%d) already has %,d parameters; use --params %d or more, or --hidden",
                    first, smallest, minBudgetFor(smallest)));
        }
        if (above < 0) {
            throw new IllegalArgumentException(head + String.format(Locale.ROOT,
                    "the largest searched, H=%d, has %,d parameters (the smallest model, H=%d, has %,d); "
                            + "use --params %d or less, or --hidden", below, c.count(below), first, smallest, c.count(below)));
        }
        throw new IllegalArgumentException(head + String.format(Locale.ROOT,
                "H=%d has %,d parameters and H=%d has %,d (the smallest model, H=%d, has %,d); use --params %d or %d, or --hidden",
                below, c.count(below), above, c.count(above), first, smallest, c.count(below), c.count(above)));
    }

    /** The smallest budget that a model of {@code n} parameters is within the tolerance of. */
    static long minBudgetFor(long n) {
        long b = (long) Math.ceil(n / (1 + TOLERANCE));
        while (b > 1 && n - (b - 1) <= TOLERANCE * (b - 1)) b--;
        while (n - b > TOLERANCE * b) b++;
        return b;
    }

    /** Memoised counts; a hidden size the cell refuses is remembered with its error. */
    private static final class Counts {
        private final IntToLongFunction count;
        private final Map<Integer, Long> known = new HashMap<>();
        private IllegalArgumentException lastError;

        Counts(IntToLongFunction count) {
            this.count = count;
        }

        /** The count at an accepted {@code h}. */
        long count(int h) {
            Long n = known.get(h);
            if (n == null || n < 0) throw new IllegalStateException("H=" + h + " was not accepted");
            return n;
        }

        private boolean accepts(int h) {
            Long n = known.get(h);
            if (n == null) {
                try {
                    n = count.applyAsLong(h);
                } catch (IllegalArgumentException e) {
                    lastError = e;
                    n = -1L;
                }
                known.put(h, n);
            }
            return n >= 0;
        }

        /**
         * The smallest accepted hidden size ≥ h, or −1 if none up to MAX_HIDDEN. A run of
         * MAX_GAP refused sizes ends the scan: from H = 1 it is an option error (the cell's own
         * message is thrown); higher up it is the cell's largest size (some cells cap H so
         * their matrices stay addressable), and −1 tells the search that no size there fits.
         */
        int acceptedAtOrAbove(int h) {
            for (int k = h; k <= MAX_HIDDEN; k++) {
                if (accepts(k)) return k;
                if (k - h >= MAX_GAP) return h == 1 ? smallestAcceptedFarUp(k) : -1;
            }
            return -1;
        }

        /**
         * From H = 1 a cell may refuse a long run of small sizes (EURNN and GORU need H ≥ their
         * capacity L): probe doubling sizes from {@code from}, then narrow down to the smallest
         * accepted one (sizes are refused below a minimum, accepted above it). If no size is
         * accepted at all, the option cannot work: the cell's own message is thrown.
         */
        private int smallestAcceptedFarUp(int from) {
            int hi = -1;
            for (long p = from; p <= MAX_HIDDEN; p *= 2) {
                if (accepts((int) p)) {
                    hi = (int) p;
                    break;
                }
                from = (int) p;
            }
            if (hi < 0) throw lastError;
            int lo = from;                       // refused
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (accepts(mid)) hi = mid;
                else lo = mid;
            }
            return hi;
        }
    }
}
