package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColorMapTest {

    /**
     * Luminance rises strictly over 101 evenly spaced values, and over 1024 it never falls by more
     * than the rounding of one 8-bit channel can cause (one green level in the dark part: 5e-4).
     */
    @Test
    void luminanceRisesWithTheValue() {
        double prev = -1;
        for (int i = 0; i <= 100; i++) {
            double l = ColorMap.luminance(ColorMap.viridis(i / 100.0));
            assertTrue(l > prev, "luminance at " + i / 100.0 + " is " + l + ", not above " + prev);
            prev = l;
        }
        prev = -1;
        for (int i = 0; i < 1024; i++) {
            double l = ColorMap.luminance(ColorMap.viridis(i / 1023.0));
            assertTrue(l > prev - 5e-4, "luminance at " + i / 1023.0);
            prev = l;
        }
        assertTrue(ColorMap.luminance(ColorMap.viridis(1)) > 10 * ColorMap.luminance(ColorMap.viridis(0)), "dark to bright");
    }

    @Test
    void endsAreDarkPurpleAndYellowOutsideValuesClampAndNanIsGrey() {
        assertEquals(0x440154, ColorMap.viridis(0));
        assertEquals(0xFDE725, ColorMap.viridis(1));
        assertEquals(ColorMap.viridis(0), ColorMap.viridis(-3));
        assertEquals(ColorMap.viridis(1), ColorMap.viridis(7));
        assertEquals(ColorMap.MISSING, ColorMap.viridis(Double.NaN));
        assertEquals(0.0, ColorMap.luminance(0x000000), 0);
        assertEquals(1.0, ColorMap.luminance(0xFFFFFF), 1e-12);
    }
}
