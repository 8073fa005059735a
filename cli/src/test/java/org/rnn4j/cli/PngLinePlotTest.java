package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PngLinePlotTest {
    static final int BLUE = PngLinePlot.COLORS[0], RED = PngLinePlot.COLORS[1];

    /** How close a colour is to {@code want}: the largest channel difference. */
    static int distance(int a, int want) {
        int d = 0;
        for (int s = 0; s <= 16; s += 8) d = Math.max(d, Math.abs((a >> s & 0xFF) - (want >> s & 0xFF)));
        return d;
    }

    @Test
    void linesPassThroughTheirDataPointsOnALinearAxis() {
        double[] x = {0, 10, 20, 30, 40};
        PngLinePlot p = new PngLinePlot("title", "t", "y", false)
                .add(new PngLinePlot.Series("up", x, new double[] {0, 1, 2, 3, 4}))
                .add(new PngLinePlot.Series("flat", x, new double[] {3.5, 3.5, 3.5, 3.5, 3.5}));
        PngDecoder.Image img = PngDecoder.decode(PngEncoder.encode(p.render()));
        assertEquals(PngLinePlot.WIDTH, img.width());
        assertEquals(PngLinePlot.HEIGHT, img.height());
        for (double xv : new double[] {5, 15, 25}) {                       // between the points too
            int px = (int) p.px(xv), pyUp = (int) p.pyData(xv / 10), pyFlat = (int) p.pyData(3.5);
            assertTrue(distance(img.get(px, pyUp), BLUE) < 40, "blue line at x=" + xv);
            assertTrue(distance(img.get(px, pyFlat), RED) < 40, "red line at x=" + xv);
            int between = img.get(px, (pyUp + pyFlat) / 2);
            assertTrue(distance(between, BLUE) > 100 && distance(between, RED) > 100, "no line between the lines");
        }
    }

    /** Decades are equally spaced; a zero leaves a gap instead of a line to the bottom. */
    @Test
    void logAxisPlacesDecadesEvenlyAndSkipsNonPositiveValues() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] y = {1e-6, 1e-5, 1e-4, 0, 1e-2, 1e-1, 1};
        PngLinePlot p = new PngLinePlot("log", "t", "g", true).add(new PngLinePlot.Series("g", x, y));
        PngDecoder.Image img = PngDecoder.decode(PngEncoder.encode(p.render()));
        double d1 = p.pyData(1e-5) - p.pyData(1e-4), d2 = p.pyData(1e-2) - p.pyData(1e-1);
        assertEquals(d1, d2, 1e-9);
        assertTrue(d1 > 0, "larger values are higher up");
        int px = (int) p.px(0.5), py = (int) p.pyData(Math.sqrt(1e-6 * 1e-5));
        assertTrue(distance(img.get(px, py), BLUE) < 40, "line between 1e-6 and 1e-5 at the geometric mean");
        int gapX = (int) p.px(3);
        for (int row = (int) p.pyData(1e-4) + 3; row < (int) p.pyData(1e-6) - 3; row++) {
            assertTrue(distance(img.get(gapX, row), BLUE) > 60, "no line at the zero value, row " + row);
        }
    }

    @Test
    void drawsTitleAndAxisLabelsWithTheBuiltInFont() {
        PngLinePlot p = new PngLinePlot("A", "", "", false).add(new PngLinePlot.Series("", new double[] {0, 1}, new double[] {0, 1}));
        Raster r = p.render();
        int x0 = PngLinePlot.LEFT, y0 = 14;                               // the title's top-left corner, scale 2
        for (int row = 0; row < BitmapFont.GLYPH_HEIGHT; row++) {
            for (int col = 0; col < BitmapFont.GLYPH_WIDTH; col++) {
                int want = BitmapFont.pixel('A', col, row) ? PngLinePlot.TEXT : Raster.WHITE;
                assertEquals(want, r.get(x0 + 2 * col, y0 + 2 * row), "glyph pixel " + col + "," + row);
            }
        }
    }

    @Test
    void everyPrintableCharacterButSpaceHasAGlyphAndOthersDrawAsQuestionMark() {
        for (char c = 33; c <= 126; c++) {
            boolean any = false;
            for (int row = 0; row < 7; row++) for (int col = 0; col < 5; col++) any |= BitmapFont.pixel(c, col, row);
            assertTrue(any, "glyph for '" + c + "'");
        }
        for (int row = 0; row < 7; row++) {
            for (int col = 0; col < 5; col++) {
                assertEquals(BitmapFont.pixel('?', col, row), BitmapFont.pixel('é', col, row));
                assertEquals(false, BitmapFont.pixel(' ', col, row));
            }
        }
        assertEquals(6 * 3 - 1, BitmapFont.width("abc", 1));
        assertNotEquals(BitmapFont.pixel('0', 2, 3), BitmapFont.pixel('O', 2, 3), "zero is slashed, O is not");
    }
}
