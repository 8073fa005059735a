package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SvgPlotTest {

    @Test
    void aLogAxisSpansWholeDecadesAndSkipsNonPositiveValues() {
        SvgPlot p = new SvgPlot("t", "step", "loss");
        p.logY(true);
        p.add(new SvgPlot.Series("a", new double[] {1, 2, 3, 4}, new double[] {2.0, 0.3, 0.0, 0.004}));
        p.add(new SvgPlot.HLine("memoryless", 0.7));
        p.add(new SvgPlot.HLine("1% of memoryless", 0.007, SvgPlot.Dash.DOTTED));
        String svg = p.render();
        for (String tick : new String[] {">0.001<", ">0.01<", ">0.1<", ">1<", ">10<"}) assertTrue(svg.contains(tick), tick);
        assertFalse(svg.contains(">0.0001<") || svg.contains(">100<"), "the range is 1e-3 .. 10");
        assertTrue(svg.contains("stroke-dasharray=\"6 4\"") && svg.contains("stroke-dasharray=\"2 3\""));
        String points = svg.substring(svg.indexOf("points=\"") + 8);
        points = points.substring(0, points.indexOf('"')).strip();
        assertEquals(3, points.split(" ").length, "the 0 is left out: " + points);
        assertTrue(svg.contains("(log scale)"));
    }

    @Test
    void aLogAxisPlacesDecadesEvenly() {
        SvgPlot p = new SvgPlot("t", "x", "y");
        p.logY(true);
        p.add(new SvgPlot.Series("a", new double[] {0, 1, 2}, new double[] {0.01, 0.1, 1}));
        String svg = p.render();
        String pts = svg.substring(svg.indexOf("points=\"") + 8);
        String[] xy = pts.substring(0, pts.indexOf('"')).strip().split(" ");
        double y0 = Double.parseDouble(xy[0].split(",")[1]), y1 = Double.parseDouble(xy[1].split(",")[1]),
                y2 = Double.parseDouble(xy[2].split(",")[1]);
        assertEquals(y0 - y1, y1 - y2, 0.11);
        assertTrue(y0 > y1, "larger values are higher up");
    }

    @Test
    void tickLabelsArePlainDecimalsOrPowers() {
        assertEquals("0.001", SvgPlot.decade(1e-3));
        assertEquals("0.5", SvgPlot.decade(0.5));
        assertEquals("20", SvgPlot.decade(20));
        assertEquals("1e-6", SvgPlot.decade(1e-6));
        assertEquals("5e-7", SvgPlot.decade(5e-7));
    }

    @Test
    void theLinearAxisStillStartsAtZero() {
        SvgPlot p = new SvgPlot("t", "x", "y");
        p.add(new SvgPlot.Series("a", new double[] {1, 2}, new double[] {0.4, 0.9}));
        String svg = p.render();
        assertTrue(svg.contains(">0.0<") && svg.contains(">1.0<"), svg);
        assertFalse(svg.contains("log scale"));
    }
}
