package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymbolsTest {

    @Test
    void setWritesTheTimeMajorOneHotEntry() {
        float[] x = Symbols.newOneHot(3, 2);             // x: [T=3, B=2, I=10]
        Symbols.set(x, 2, 1, 2, Symbols.MARKER);
        assertEquals(1f, x[(2 * 2 + 1) * 10 + 9]);
        float sum = 0;
        for (float v : x) sum += v;
        assertEquals(1f, sum);
    }

    @Test
    void blanksFillStepsFromT0ToT1Exclusive() {
        float[] x = Symbols.newOneHot(4, 3);
        Symbols.blanks(x, 1, 3, 3);
        for (int t = 0; t < 4; t++) {
            for (int b = 0; b < 3; b++) assertEquals(t == 1 || t == 2 ? 1f : 0f, x[(t * 3 + b) * 10]);
        }
    }

    @Test
    void digitIsUniformOverOneToEight() {
        var rng = new SplittableRandom(1);
        int[] counts = new int[10];
        for (int i = 0; i < 80_000; i++) counts[Symbols.digit(rng)]++;
        assertEquals(0, counts[0]);
        assertEquals(0, counts[9]);
        double sd = Math.sqrt(80_000 / 8.0 * 7 / 8);
        for (int d = 1; d <= 8; d++) assertEquals(10_000, counts[d], 5 * sd, "digit " + d);
    }

    @Test
    void rejectsInputTooLargeForAnArrayNamingX() {
        var e = assertThrows(IllegalArgumentException.class, () -> Symbols.newOneHot(1 << 20, 1 << 10));
        assertTrue(e.getMessage().startsWith("x [T=1048576, B=1024, I=10]"), e.getMessage());
    }
}
