package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TicksTest {

    @Test
    void linearTicksAreMultiplesOfANiceStepInsideTheRange() {
        Ticks t = Ticks.linear(0, 39, 8);
        assertArrayEquals(new double[] {0, 5, 10, 15, 20, 25, 30, 35}, t.values(), 1e-12);
        assertArrayEquals(new String[] {"0", "5", "10", "15", "20", "25", "30", "35"}, t.labels());
        Ticks s = Ticks.linear(-0.23, 0.21, 5);
        assertArrayEquals(new String[] {"-0.2", "-0.1", "0", "0.1", "0.2"}, s.labels());
        assertArrayEquals(new String[] {"2e-5", "4e-5", "6e-5"}, Ticks.linear(1.5e-5, 7e-5, 3).labels());
    }

    @Test
    void decadeTicksCoverTheRangeAndThinTheirLabels() {
        Ticks t = Ticks.decades(2.4e-9, 0.55, 8);
        assertEquals(-9, t.values()[0], 0);
        assertEquals(0, t.values()[t.values().length - 1], 0);
        assertArrayEquals(new String[] {"", "1e-8", "", "1e-6", "", "1e-4", "", "0.01", "", "1"}, t.labels());
        assertArrayEquals(new String[] {"0.1", "1", "10"}, Ticks.decades(0.5, 3, 8).labels());
    }

    @Test
    void numbersUseENotationWhenTinyOrHuge() {
        assertEquals("1.5e-4", Ticks.scientific(1.5e-4));
        assertEquals("-2e6", Ticks.scientific(-2e6));
        assertEquals("1e3", Ticks.scientific(999.99));
        assertEquals("1e-3", Ticks.powerOfTen(-3));
        assertEquals("1000", Ticks.powerOfTen(3));
        assertEquals("1e4", Ticks.powerOfTen(4));
        assertEquals("0.01", Ticks.powerOfTen(-2));
    }
}
