package org.rnn4j.task.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void idsFollowTheGivenOrderAndRoundTrip() {
        Vocabulary v = Vocabulary.of(List.of("a", "_", Vocabulary.EOS, "é"));
        assertEquals(4, v.size());
        assertEquals(List.of("a", "_", "<eos>", "é"), v.symbols());
        for (int i = 0; i < v.size(); i++) assertEquals(i, v.id(v.symbol(i)));
        assertEquals(2, v.eos());
        assertTrue(v.contains("é"));
        assertFalse(v.contains("b"));
        assertEquals(-1, Vocabulary.of(List.of("x")).eos(), "no <eos>");
    }

    @Test
    void refusesUnknownSymbolsIdsOutOfRangeAndBadSymbolLists() {
        Vocabulary v = Vocabulary.of(List.of("a", "b"));
        var e = assertThrows(IllegalArgumentException.class, () -> v.id("ü"));
        assertTrue(e.getMessage().contains("'ü' (U+00FC)") && e.getMessage().contains("V=2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.symbol(2));
        assertTrue(e.getMessage().contains("[0, V=2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.symbol(-1));
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "b", "a")));
        assertTrue(e.getMessage().contains("duplicate") && e.getMessage().contains("'a'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "")));
        assertThrows(UnsupportedOperationException.class, () -> v.symbols().add("c"));
    }
}
