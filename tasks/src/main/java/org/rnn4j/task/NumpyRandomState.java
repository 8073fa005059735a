package org.rnn4j.task;

/**
 * A bit-exact port of numpy's legacy {@code numpy.random.RandomState} (Mersenne Twister MT19937)
 * for the few calls that reference code needs to rebuild its data: int seeding, raw 32-bit words,
 * {@code random_sample}, {@code random_interval}, {@code shuffle} and {@code permutation}.
 * <p>It exists to reproduce numpy-based reference code exactly — above all the NRU paper's
 * permuted sequential MNIST ({@code apsarath/NRU} {@code mnist_task.py}: {@code RandomState(50)},
 * {@code permutation(60000)} shuffles the official train set, {@code permutation(784)} is the
 * pixel permutation, then one {@code permutation(n)} per fold and epoch from the same generator).
 * It is not a general-purpose generator: rnn4j code otherwise takes a seeded
 * {@link java.util.random.RandomGenerator}. Not thread-safe.
 *
 * <p>Algorithms, as in numpy 1.17 and later (checked bit for bit against numpy 1.24.2 by
 * {@code NumpyRandomStateTest}, fixture made by {@code tools/fixtures/make_numpy_rng_fixtures.py}):
 * <pre>
 *   seeding (RandomState._legacy_seeding → mt19937_seed), 32-bit arithmetic:
 *     seed ∈ [0, 2³² − 1], else error
 *     key[0] = seed;   key[i] = 1812433253·(key[i−1] ⊕ (key[i−1] ≫ 30)) + i   (i = 1..623)
 *     pos = 624                         (the first draw regenerates the whole key)
 *   next 32-bit word (mt19937_next, Matsumoto &amp; Nishimura 1998):
 *     if pos = 624: regenerate key (twist, MATRIX_A = 0x9908b0df); y = key[pos++]
 *     y ⊕= y ≫ 11;  y ⊕= (y ≪ 7) ∧ 0x9d2c5680;  y ⊕= (y ≪ 15) ∧ 0xefc60000;  y ⊕= y ≫ 18
 *   next 64-bit word (mt19937_next64): (first word ≪ 32) | second word
 *   random_sample (mt19937_next_double): a = w₁ ≫ 5, b = w₂ ≫ 6;  (a·2²⁶ + b) / 2⁵³
 *   random_interval(max) (legacy distributions):
 *     max = 0 → 0 without a draw
 *     mask = smallest 2ᵏ − 1 ≥ max
 *     repeat v = next ∧ mask until v ≤ max      next = 32-bit word if max ≤ 2³² − 1, else 64-bit
 *   shuffle(x) (RandomState.shuffle): for i = n−1 down to 1: j = random_interval(i); swap x[i], x[j]
 *   permutation(n) (RandomState.permutation): arange(n), then shuffle
 * </pre>
 * numpy shuffles a multi-dimensional array along its first axis with the same j sequence, so
 * {@link #shuffle(int, Swap)} with a row swap reproduces {@code shuffle} of a 2-D array.
 */
public final class NumpyRandomState {

    /** Swaps two elements (e.g. two rows) of whatever is being shuffled. */
    @FunctionalInterface
    public interface Swap {
        void swap(int i, int j);
    }

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final long MAX_SEED = 0xffffffffL;

    private final int[] key = new int[N]; // MT19937 state words, unsigned values in int bits
    private int pos;

    /**
     * numpy's {@code RandomState(seed)} for an integer seed.
     *
     * @throws IllegalArgumentException unless 0 ≤ seed ≤ 2³² − 1 (numpy raises ValueError there)
     */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException(
                    "seed must be in [0, 2^32 - 1] = [0, 4294967295] (numpy RandomState), got " + seed);
        }
        int s = (int) seed;
        key[0] = s;
        for (int i = 1; i < N; i++) {
            s = 1812433253 * (s ^ (s >>> 30)) + i; // int overflow = arithmetic mod 2³²
            key[i] = s;
        }
        pos = N;
    }

    /** The next raw MT19937 output as an unsigned value in a {@code long}: [0, 2³² − 1]. */
    public long nextUint32() {
        return next32() & 0xffffffffL;
    }

    /**
     * numpy's legacy {@code random_interval(max)}: uniform in [0, max] by masked rejection (32-bit
     * words while max ≤ 2³² − 1, else 64-bit words). max = 0 returns 0 and draws nothing.
     *
     * @throws IllegalArgumentException if max is negative (numpy's max is unsigned 64-bit; this
     *     port accepts [0, 2⁶³ − 1])
     */
    public long randomInterval(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be in [0, 2^63 - 1], got " + max);
        }
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= MAX_SEED) {
            do {
                value = (next32() & 0xffffffffL) & mask;
            } while (value > max);
        } else {
            do {
                long hi = next32() & 0xffffffffL; // numpy: first word is the high half
                long lo = next32() & 0xffffffffL;
                value = ((hi << 32) | lo) & mask;
            } while (value > max);
        }
        return value;
    }

    /** numpy's legacy {@code random_sample()}: a double in [0, 1) with 53 random bits (two words). */
    public double randomSample() {
        int a = next32() >>> 5;
        int b = next32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** numpy's {@code RandomState.shuffle} of a 1-D array, in place. */
    public void shuffle(int[] a) {
        shuffle(a.length, (i, j) -> {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        });
    }

    /**
     * numpy's {@code RandomState.shuffle} of anything with n index-addressed elements (e.g. the
     * rows of an image matrix): for i = n−1 down to 1, j = random_interval(i), swap(i, j). Like
     * numpy's multi-dimensional path it skips the call when i = j; the draws are the same.
     *
     * @throws IllegalArgumentException if n is negative
     */
    public void shuffle(int n, Swap swap) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) randomInterval(i);
            if (j != i) {
                swap.swap(i, j);
            }
        }
    }

    /**
     * numpy's {@code RandomState.permutation(n)}: 0, 1, …, n−1 shuffled.
     *
     * @throws IllegalArgumentException if n is negative
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    /** Key word i as an unsigned value, for the seeding test (meaningful before the first draw). */
    long keyWord(int i) {
        return key[i] & 0xffffffffL;
    }

    /** Position of the next key word to temper; 624 means the next draw regenerates the key. */
    int position() {
        return pos;
    }

    // 32-bit word with the standard tempering; unsigned value in int bits.
    private int next32() {
        if (pos == N) {
            regenerate();
        }
        int y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    // MT19937 twist of all N words (numpy's mt19937_gen).
    private void regenerate() {
        int kk = 0;
        for (; kk < N - M; kk++) {
            int y = (key[kk] & UPPER_MASK) | (key[kk + 1] & LOWER_MASK);
            key[kk] = key[kk + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; kk < N - 1; kk++) {
            int y = (key[kk] & UPPER_MASK) | (key[kk + 1] & LOWER_MASK);
            key[kk] = key[kk + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
        key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }
}
