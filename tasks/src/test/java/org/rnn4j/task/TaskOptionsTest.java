package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TaskOptionsTest {

    @Test
    void noneLeavesEveryKnobToTheTask() {
        assertEquals(new TaskOptions(OptionalInt.empty(), OptionalInt.empty()), TaskOptions.none());
    }

    @Test
    void nullableFactoryTreatsNullAsAbsent() {
        assertEquals(TaskOptions.none().withLength(5), TaskOptions.of(null, 5));
        assertEquals(TaskOptions.none().withLag(7), TaskOptions.of(7, null));
        assertEquals(TaskOptions.none(), TaskOptions.of(null, null));
    }

    @Test
    void rejectsLagZeroNamingLag() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskOptions.none().withLag(0));
        assertTrue(e.getMessage().startsWith("lag T must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void rejectsNegativeLengthNamingLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskOptions.of(null, -3));
        assertTrue(e.getMessage().startsWith("length L must be >= 1, got -3"), e.getMessage());
    }
}
