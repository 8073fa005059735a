package org.rnn4j.task.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every corpus is a small file written by the test. */
class CorpusTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The symbols of {@code ids} under {@code v}. */
    static List<String> symbols(Vocabulary v, int[] ids) {
        return java.util.Arrays.stream(ids).mapToObj(v::symbol).toList();
    }

    @Test
    void readsThePtbCharFormatWithEosAfterEveryLine() throws IOException {
        // as ptb.char.*.txt: a leading space, symbols separated by single spaces, _ between words
        Path train = write("train.txt", " a b _ c a\n b _ a \n");
        Path valid = write("valid.txt", " c _ b\n");
        Path test = write("test.txt", " a\n\n b");                       // an empty line; no final line end
        Corpus c = Corpus.read(train, valid, test, TextFormat.TOKENS);
        Vocabulary v = c.vocabulary();
        assertEquals(List.of("a", "b", "_", "c", "<eos>"), v.symbols(), "order of first appearance in train");
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 4, 1, 2, 0, 4}, c.train());
        assertEquals(List.of("c", "_", "b", "<eos>"), symbols(v, c.valid()));
        assertEquals(List.of("a", "<eos>", "<eos>", "b", "<eos>"), symbols(v, c.test()));
    }

    @Test
    void tokensMayBeLongerThanOneCharacterAndAnyWhitespaceSeparates() throws IOException {
        Path train = write("train.txt", "the cat\tsat\r\nthe  end\rcat");
        Corpus c = Corpus.read(train, train, train, TextFormat.TOKENS);
        assertEquals(List.of("the", "cat", "sat", "<eos>", "end"), c.vocabulary().symbols());
        assertEquals(List.of("the", "cat", "sat", "<eos>", "the", "end", "<eos>", "cat", "<eos>"),
                symbols(c.vocabulary(), c.train()), "\\r\\n, \\r and the missing last line end each end a line");
    }

    @Test
    void readsPlainUtf8TextOneSymbolPerCodePoint() throws IOException {
        // é is two UTF-8 bytes, 😀 (U+1F600) four bytes and two UTF-16 units: each is one symbol
        Path train = write("train.txt", "\uFEFFcafé 😀\nab\r\n");
        Path valid = write("valid.txt", "é😀 a\n");
        Corpus c = Corpus.read(train, valid, valid, TextFormat.CODE_POINTS);
        Vocabulary v = c.vocabulary();
        assertEquals(List.of("c", "a", "f", "é", " ", "😀", "<eos>", "b"), v.symbols(), "the byte-order mark is dropped");
        assertEquals(List.of("c", "a", "f", "é", " ", "😀", "<eos>", "a", "b", "<eos>"), symbols(v, c.train()));
        assertEquals(List.of("é", "😀", " ", "a", "<eos>"), symbols(v, c.valid()));
    }

    @Test
    void refusesSymbolsTheTrainingSplitLacksNamingFileLineAndSymbol() throws IOException {
        Path train = write("train.txt", "a b\n");
        Path valid = write("valid.txt", "a\nb ü\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(train, valid, train, TextFormat.TOKENS));
        assertTrue(e.getMessage().startsWith(valid.toString()) && e.getMessage().contains("line 2")
                && e.getMessage().contains("'ü' (U+00FC)") && e.getMessage().contains("training split"), e.getMessage());
        Path test = write("test.txt", "ab\n");
        e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(train, train, test, TextFormat.TOKENS));
        assertTrue(e.getMessage().startsWith(test.toString()) && e.getMessage().contains("'ab'"), e.getMessage());
        Vocabulary v = Corpus.read(train, train, train, TextFormat.TOKENS).vocabulary();
        assertArrayEquals(new int[] {1, 0, 2}, Corpus.encode(write("x.txt", "b a"), TextFormat.TOKENS, v));
    }

    @Test
    void refusesEmptyGarbledAndMissingFilesNamingThem() throws IOException {
        Path good = write("good.txt", "a\n");
        Path empty = write("empty.txt", "");
        Path blank = write("blank.txt", "\n\n\r\n");                       // spaces would be symbols as code points
        Path latin1 = writeBytes("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});   // é in ISO-8859-1
        Path binary = writeBytes("binary.bin", new byte[] {'a', 0, 1, 2, '\n'});
        Path missing = dir.resolve("missing.txt");
        String[][] cases = {
                {empty.toString(), "is empty"},
                {blank.toString(), "no symbols"},
                {latin1.toString(), "not UTF-8"},
                {binary.toString(), "control character U+0000"},
                {missing.toString(), "does not exist"},
                {dir.toString(), "not a regular file"}};
        for (String[] k : cases) {
            Path bad = Path.of(k[0]);
            for (TextFormat f : TextFormat.values()) {
                var e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(bad, good, good, f), k[0]);
                assertTrue(e.getMessage().startsWith(k[0]) && e.getMessage().contains(k[1]), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(good, good, bad, f), k[0]);
                assertTrue(e.getMessage().startsWith(k[0]) && e.getMessage().contains(k[1]), e.getMessage());
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(latin1, good, good, TextFormat.CODE_POINTS));
        assertTrue(e.getMessage().contains("0xE9 at offset 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(write("nul2.txt", "ab\nc\u0000"), good, good, TextFormat.TOKENS));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Corpus.read(write("spaces.txt", " \t \n"), good, good, TextFormat.TOKENS));
        assertTrue(e.getMessage().contains("no symbols"), "whitespace only is no symbol in TOKENS: " + e.getMessage());
        assertEquals(List.of(" ", "\t", "<eos>"), Corpus.read(dir.resolve("spaces.txt"), dir.resolve("spaces.txt"),
                dir.resolve("spaces.txt"), TextFormat.CODE_POINTS)
                .vocabulary().symbols(), "but is in CODE_POINTS");
    }

    @Test
    void splitsAreCopies() throws IOException {
        Path train = write("train.txt", "a b\n");
        Corpus c = Corpus.read(train, train, train, TextFormat.TOKENS);
        c.train()[0] = 7;
        assertEquals(0, c.train()[0]);
    }

    @Test
    void bitsPerCharacterIsNatsOverLnTwo() {
        assertEquals(1.0, Corpus.bitsPerCharacter(Math.log(2)), 1e-15);
        assertEquals(Math.log(50) / Math.log(2), Corpus.bitsPerCharacter(Math.log(50)), 1e-12, "uniform over 50 symbols");
        assertEquals(0.0, Corpus.bitsPerCharacter(0.0));
    }
}
