package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PngHeatMapTest {

    /** data[t, u] = t − 2u: every cell's centre shows the colour of its own value. */
    static float[] ramp(int T, int U) {
        float[] d = new float[T * U];
        for (int t = 0; t < T; t++) for (int u = 0; u < U; u++) d[t * U + u] = t - 2 * u;
        return d;
    }

    @Test
    void eachStepAndUnitGetsEquallyWideCellsInTheirOwnColour() {
        int T = 50, U = 12;
        PngHeatMap h = new PngHeatMap("m", "t", "unit", ramp(T, U), T, U, false);
        PngDecoder.Image img = PngDecoder.decode(PngEncoder.encode(h.render()));
        assertEquals(PngHeatMap.LEFT + T * (640 / T) + PngHeatMap.RIGHT, img.width());
        assertEquals(PngHeatMap.TOP + U * (320 / U) + PngHeatMap.BOTTOM, img.height());
        assertEquals(-22, h.low(), 0);
        assertEquals(49, h.high(), 0);
        for (int t = 0; t < T; t++) {
            for (int u = 0; u < U; u++) {
                assertEquals(h.colorOf(t - 2 * u), img.get(h.columnOf(t), h.rowOf(u)), "cell t=" + t + ", u=" + u);
            }
        }
        assertEquals(ColorMap.viridis(0), h.colorOf(-22));
        assertEquals(ColorMap.viridis(1), h.colorOf(49));
        assertTrue(h.columnOf(1) - h.columnOf(0) == 640 / T && h.rowOf(1) - h.rowOf(0) == 320 / U);
    }

    @Test
    void longSequencesGetOnePixelPerStepUpTo1280AndAreSampledBeyond() {
        assertEquals(PngHeatMap.LEFT + 1000 + PngHeatMap.RIGHT, new PngHeatMap("", "", "", new float[1000], 1000, 1, false).width());
        PngHeatMap wide = new PngHeatMap("", "", "", ramp(3000, 2), 3000, 2, false);
        assertEquals(PngHeatMap.LEFT + 1280 + PngHeatMap.RIGHT, wide.width());
        PngDecoder.Image img = PngDecoder.decode(PngEncoder.encode(wide.render()));
        assertEquals(wide.colorOf(2999), img.get(PngHeatMap.LEFT + 1279, wide.rowOf(0)), "the last column shows the last step");
    }

    @Test
    void symmetricScaleCentresZeroAndAConstantMatrixStillRenders() {
        PngHeatMap s = new PngHeatMap("", "", "", new float[] {-1, 3}, 2, 1, true);
        assertEquals(-3, s.low(), 0);
        assertEquals(3, s.high(), 0);
        assertEquals(ColorMap.viridis(0.5), s.colorOf(0));
        PngHeatMap c = new PngHeatMap("", "", "", new float[] {2, 2, 2, 2}, 2, 2, false);
        assertTrue(c.low() < 2 && c.high() > 2);
        PngDecoder.decode(PngEncoder.encode(c.render()));
        assertThrows(IllegalArgumentException.class, () -> new PngHeatMap("", "", "", new float[5], 2, 3, false));
    }
}
