package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.Fixtures;
import org.rnn4j.testing.Fixtures.Json;

/**
 * Checks {@link NumpyRandomState} bit for bit against numpy's own legacy RandomState output,
 * recorded by {@code tools/fixtures/make_numpy_rng_fixtures.py} (numpy version in the file).
 */
class NumpyRandomStateTest {

    private static final Json FIXTURE = Fixtures.load("/org/rnn4j/task/numpy-random-state-v1.json");

    private static long[] longs(Json array) {
        long[] out = new long[array.size()];
        for (int k = 0; k < out.length; k++) {
            double d = array.get(k).asDouble();
            assertTrue(d == Math.rint(d) && Math.abs(d) < 0x1p53, "not an exact integer: " + d);
            out[k] = (long) d;
        }
        return out;
    }

    private static int[] ints(Json array) {
        int[] out = new int[array.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = array.get(k).asInt();
        }
        return out;
    }

    private static long seedOf(Json entry) {
        double d = entry.get("seed").asDouble();
        assertTrue(d == Math.rint(d) && d >= 0 && d < 0x1p32, "not a uint32 seed: " + d);
        return (long) d;
    }

    private static String sha256LittleEndianInt32(int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            bytes.putInt(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A hashed permutation entry {n, sha256, head, tail} equals {@code perm}. */
    private static void assertHashed(Json expected, int[] perm, String what) {
        int n = expected.get("n").asInt();
        assertEquals(n, perm.length, what + ": length");
        int[] head = ints(expected.get("head"));
        int[] tail = ints(expected.get("tail"));
        assertArrayEquals(head, Arrays.copyOfRange(perm, 0, head.length), what + ": head");
        assertArrayEquals(tail, Arrays.copyOfRange(perm, n - tail.length, n), what + ": tail");
        assertEquals(expected.get("sha256").asString(), sha256LittleEndianInt32(perm), what + ": sha256");
    }

    @Test
    void fixtureRecordsNumpyVersionAndAllSeeds() {
        assertEquals("rnn4j-numpy-random-state-fixture-v1", FIXTURE.get("format").asString());
        assertTrue(FIXTURE.get("generator").get("numpy").asString().matches("\\d+\\.\\d+.*"));
        assertEquals(5, FIXTURE.get("seeds").size());
    }

    @Test
    void seedingGivesNumpysKeyWords() {
        Json seeds = FIXTURE.get("seeds");
        for (int s = 0; s < seeds.size(); s++) {
            Json entry = seeds.get(s);
            long seed = seedOf(entry);
            NumpyRandomState rng = new NumpyRandomState(seed);
            long[] head = longs(entry.get("key_head"));
            long[] tail = longs(entry.get("key_tail"));
            for (int i = 0; i < head.length; i++) {
                assertEquals(head[i], rng.keyWord(i), "seed " + seed + " key[" + i + "]");
            }
            for (int i = 0; i < tail.length; i++) {
                int k = 624 - tail.length + i;
                assertEquals(tail[i], rng.keyWord(k), "seed " + seed + " key[" + k + "]");
            }
            assertEquals(entry.get("pos").asInt(), rng.position(), "seed " + seed + " pos");
        }
    }

    @Test
    void rawWordsMatchNumpy() {
        Json seeds = FIXTURE.get("seeds");
        for (int s = 0; s < seeds.size(); s++) {
            Json entry = seeds.get(s);
            NumpyRandomState rng = new NumpyRandomState(seedOf(entry));
            long[] raw = longs(entry.get("raw"));
            long[] got = new long[raw.length];
            for (int k = 0; k < got.length; k++) {
                got[k] = rng.nextUint32();
                assertTrue(got[k] >= 0 && got[k] <= 0xffffffffL);
            }
            assertArrayEquals(raw, got, "seed " + seedOf(entry));
        }
    }

    @Test
    void randomSampleMatchesNumpyBitForBit() {
        Json seeds = FIXTURE.get("seeds");
        for (int s = 0; s < seeds.size(); s++) {
            Json entry = seeds.get(s);
            NumpyRandomState rng = new NumpyRandomState(seedOf(entry));
            double[] expected = entry.get("random_sample").doubles();
            for (int k = 0; k < expected.length; k++) {
                double got = rng.randomSample();
                assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(got),
                        "seed " + seedOf(entry) + " sample " + k + ": " + expected[k] + " vs " + got);
            }
        }
    }

    @Test
    void randomIntervalMatchesNumpyOn32And64BitBounds() {
        Json seeds = FIXTURE.get("seeds");
        int wideBounds = 0;
        for (int s = 0; s < seeds.size(); s++) {
            Json entry = seeds.get(s);
            NumpyRandomState rng = new NumpyRandomState(seedOf(entry));
            Json cases = entry.get("interval");
            for (int c = 0; c < cases.size(); c++) {
                long max = Long.parseLong(cases.get(c).get("max").asString());
                wideBounds += max > 0xffffffffL ? 1 : 0;
                Json values = cases.get(c).get("values");
                for (int k = 0; k < values.size(); k++) {
                    long expected = Long.parseLong(values.get(k).asString());
                    assertEquals(expected, rng.randomInterval(max),
                            "seed " + seedOf(entry) + " random_interval(" + max + ") draw " + k);
                }
            }
        }
        assertTrue(wideBounds > 0, "the fixture must exercise the 64-bit path");
    }

    @Test
    void permutationsInSequenceMatchNumpy() {
        Json perms = FIXTURE.get("permutations");
        NumpyRandomState rng = new NumpyRandomState(seedOf(perms));
        int[] sizes = ints(perms.get("n"));
        for (int k = 0; k < sizes.length; k++) {
            assertArrayEquals(ints(perms.get("values").get(k)), rng.permutation(sizes[k]),
                    "permutation(" + sizes[k] + "), call " + k);
        }
    }

    @Test
    void permutationOf60000MatchesNumpyHash() {
        Json large = FIXTURE.get("large");
        NumpyRandomState rng = new NumpyRandomState(seedOf(large));
        assertHashed(large, rng.permutation(large.get("n").asInt()), "permutation(60000)");
    }

    @Test
    void nruPsmnistSequenceMatchesNumpy() {
        Json nru = FIXTURE.get("nru_psmnist");
        assertEquals(50, seedOf(nru));
        NumpyRandomState rng = new NumpyRandomState(50);
        assertHashed(nru.get("train_shuffle"), rng.permutation(60000), "train shuffle");
        assertArrayEquals(ints(nru.get("pixel_permutation")), rng.permutation(784), "pixel permutation");
        assertHashed(nru.get("epoch1_train"), rng.permutation(50000), "epoch 1 train order");
        assertHashed(nru.get("epoch1_valid"), rng.permutation(10000), "epoch 1 valid order");
    }

    @Test
    void shuffleOfRowsMatchesNumpy2dShuffle() {
        Json sh = FIXTURE.get("shuffle_2d");
        int rows = sh.get("rows").asInt();
        int cols = sh.get("cols").asInt();
        int[][] grid = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                grid[r][c] = r * cols + c;
            }
        }
        new NumpyRandomState(seedOf(sh)).shuffle(rows, (i, j) -> {
            int[] t = grid[i];
            grid[i] = grid[j];
            grid[j] = t;
        });
        Json expected = sh.get("shuffled");
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(ints(expected.get(r)), grid[r], "row " + r);
        }
        assertArrayEquals(ints(sh.get("as_permutation")), new NumpyRandomState(seedOf(sh)).permutation(rows));
    }

    @Test
    void shuffleOverloadsDrawTheSameSequence() {
        int[] a = new int[1000];
        Arrays.setAll(a, i -> 3 * i);
        new NumpyRandomState(9).shuffle(a);
        int[] b = new int[1000];
        Arrays.setAll(b, i -> 3 * i);
        new NumpyRandomState(9).shuffle(b.length, (i, j) -> {
            int t = b[i];
            b[i] = b[j];
            b[j] = t;
        });
        assertArrayEquals(a, b);
        int[] p = new NumpyRandomState(9).permutation(1000);
        for (int k = 0; k < p.length; k++) {
            assertEquals(3 * p[k], a[k]);
        }
        assertNotEquals(Arrays.toString(p), Arrays.toString(new NumpyRandomState(10).permutation(1000)));
    }

    @Test
    void emptyAndSingletonPermutationsDrawNothing() {
        NumpyRandomState rng = new NumpyRandomState(3);
        assertArrayEquals(new int[0], rng.permutation(0));
        assertArrayEquals(new int[] {0}, rng.permutation(1));
        assertEquals(0, rng.randomInterval(0));
        assertEquals(new NumpyRandomState(3).nextUint32(), rng.nextUint32());
    }

    @Test
    void acceptsTheWholeUint32SeedRange() {
        new NumpyRandomState(0);
        new NumpyRandomState(0xffffffffL);
    }

    @Test
    void rejectsSeedsOutsideUint32NamingTheRange() {
        for (long seed : new long[] {-1, 1L << 32, Long.MIN_VALUE, Long.MAX_VALUE}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(seed));
            assertTrue(e.getMessage().contains("seed") && e.getMessage().contains("[0, 4294967295]")
                    && e.getMessage().contains(Long.toString(seed)), e.getMessage());
        }
    }

    @Test
    void rejectsNegativeBoundsAndSizes() {
        NumpyRandomState rng = new NumpyRandomState(1);
        assertThrows(IllegalArgumentException.class, () -> rng.randomInterval(-1));
        assertThrows(IllegalArgumentException.class, () -> rng.permutation(-1));
        assertThrows(IllegalArgumentException.class, () -> rng.shuffle(-1, (i, j) -> { }));
    }
}
