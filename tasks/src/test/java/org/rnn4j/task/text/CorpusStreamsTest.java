package org.rnn4j.task.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.data.Batch;

class CorpusStreamsTest {
    /** ids 0, 1, …, n−1 (V = n): every id says where it came from. */
    static int[] iota(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Test
    void streamsAreContiguousEqualSlicesAndTheTailIsDropped() {
        CorpusStreams s = new CorpusStreams(iota(23), 3, 23);            // n = 7, ids 21 and 22 dropped
        assertEquals(3, s.streams());
        assertEquals(7, s.length());
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 7; i++) assertEquals(7 * b + i, s.id(i, b), "id " + i + " of stream " + b);
        }
    }

    @Test
    void segmentTargetsAreTheNextSymbolOfEachStream() {
        int B = 3, n = 7, L = 4;
        CorpusStreams s = new CorpusStreams(iota(B * n), B, B * n);
        assertEquals(2, s.segments(L), "⌈(n − 1) / L⌉ = ⌈6 / 4⌉");
        Batch first = s.segment(0, L), last = s.segment(1, L);
        assertEquals(4, first.steps());
        assertEquals(2, last.steps(), "the last segment is shorter: n − 1 − L = 2");
        for (Batch seg : new Batch[] {first, last}) {
            assertEquals(B, seg.batchSize());
            assertEquals(1, seg.inputSize());
            assertEquals(B * n, seg.outputSize(), "C = V");
            for (float m : seg.mask()) assertEquals(1f, m);
        }
        // time-major: row t·B + b holds stream b at position s + t, the label the next position
        assertArrayEquals(new float[] {0, 7, 14, 1, 8, 15, 2, 9, 16, 3, 10, 17}, first.x());
        assertArrayEquals(new int[] {1, 8, 15, 2, 9, 16, 3, 10, 17, 4, 11, 18}, first.labels());
        assertArrayEquals(new float[] {4, 11, 18, 5, 12, 19}, last.x());
        assertArrayEquals(new int[] {5, 12, 19, 6, 13, 20}, last.labels());
    }

    @Test
    void segmentsTileEachStreamWithoutGapOrOverlap() {
        int B = 4, n = 50;
        CorpusStreams s = new CorpusStreams(iota(B * n + 3), B, B * n + 3);
        for (int L : new int[] {1, 7, 49, 100}) {
            int seen = 0;
            for (int k = 0; k < s.segments(L); k++) {
                Batch seg = s.segment(k, L);
                for (int t = 0; t < seg.steps(); t++) {
                    for (int b = 0; b < B; b++) {
                        assertEquals(b * n + seen + t, (int) seg.x()[t * B + b], "L=" + L + " k=" + k);
                        assertEquals(seg.x()[t * B + b] + 1, seg.labels()[t * B + b]);
                    }
                }
                seen += seg.steps();
            }
            assertEquals(n - 1, seen, "every id but the last of each stream is an input once, L=" + L);
        }
    }

    @Test
    void refusesTooShortInputBadIdsAndBadSegments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CorpusStreams(iota(5), 3, 5));
        assertTrue(e.getMessage().contains("B=3") && e.getMessage().contains("N=5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CorpusStreams(iota(6), 0, 6));
        e = assertThrows(IllegalArgumentException.class, () -> new CorpusStreams(new int[] {0, 1, 5, 2}, 2, 5));
        assertTrue(e.getMessage().contains("position 2") && e.getMessage().contains("V=5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CorpusStreams(iota(4), 1, 0));
        CorpusStreams s = new CorpusStreams(iota(10), 2, 10);
        e = assertThrows(IllegalArgumentException.class, () -> s.segment(2, 2));
        assertTrue(e.getMessage().contains("[0, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.segment(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> s.segments(0));
    }
}
