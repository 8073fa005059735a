package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PackedMatrixTest {

    @Test
    void reportsShapeOfOpB() {
        try (Compute compute = Compute.create(1)) {
            PackedMatrix p = compute.pack(true, 5, 7, new float[7 * 5], 0, 5);   // B stored [N=7, K=5]
            assertEquals(5, p.rows());
            assertEquals(7, p.cols());
            assertTrue(p.transposed());
        }
    }

    @Test
    void rejectsSourceTooSmallForShape() {
        try (Compute compute = Compute.create(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> compute.pack(false, 5, 7, new float[34], 0, 7));
            assertTrue(e.getMessage().contains("[5, 7]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> compute.pack(false, 5, 7, new float[35], 0, 6));
        }
    }
}
