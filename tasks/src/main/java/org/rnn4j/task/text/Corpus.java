package org.rnn4j.task.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A language-modelling corpus of three splits, each read whole into one id sequence.
 * <pre>
 *   Corpus c = Corpus.read(dir.resolve("ptb.char.train.txt"), dir.resolve("ptb.char.valid.txt"),
 *                          dir.resolve("ptb.char.test.txt"), TextFormat.TOKENS);
 *   CorpusStreams train = new CorpusStreams(c.train(), 128, c.vocabulary().size());
 * </pre>
 * The {@link Vocabulary} comes from the training split alone: its symbols in order of first
 * appearance, {@code <eos>} included. A symbol of the validation or test split that the training
 * split lacks is refused (the message names file, line and symbol): there is no {@code <unk>}
 * fallback, since neither format has an unknown-symbol token of its own. (PyTorch's
 * word-language-model example builds its dictionary over all three splits; on a corpus whose
 * valid and test symbols all occur in train, as it must be here, the ids agree.)
 * <p>Files must be non-empty UTF-8 text: malformed UTF-8, control characters other than tab and
 * the line ends, and files with no symbol besides the line ends are refused.
 */
public final class Corpus {
    /** Ids are stored as floats in a batch: every integer up to 2^24 is exact there. */
    static final int MAX_VOCABULARY = 1 << 24;

    private final Vocabulary vocabulary;
    private final int[] train, valid, test;

    private Corpus(Vocabulary vocabulary, int[] train, int[] valid, int[] test) {
        this.vocabulary = vocabulary;
        this.train = train;
        this.valid = valid;
        this.test = test;
    }

    /**
     * Reads the three splits in {@code format}: the vocabulary from {@code train}, then
     * {@code valid} and {@code test} encoded with it.
     *
     * @throws IllegalArgumentException naming the file when it is missing, empty, not UTF-8, holds
     *         a control character or no symbol, or (valid, test) holds a symbol train lacks
     * @throws IOException when reading fails
     */
    public static Corpus read(Path train, Path valid, Path test, TextFormat format) throws IOException {
        java.util.Objects.requireNonNull(format, "format");
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int[] trainIds = tokenize(train, format, (symbol, line) -> {
            Integer id = ids.get(symbol);
            if (id == null) {
                if (symbols.size() == MAX_VOCABULARY) {
                    throw new IllegalArgumentException(train + " line " + line + ": more than " + MAX_VOCABULARY + " distinct symbols");
                }
                id = symbols.size();
                ids.put(symbol, id);
                symbols.add(symbol);
            }
            return id;
        });
        Vocabulary vocabulary = Vocabulary.of(symbols);
        return new Corpus(vocabulary, trainIds, encode(valid, format, vocabulary), encode(test, format, vocabulary));
    }

    /**
     * The ids of the symbols of {@code file} under {@code vocabulary}; a symbol it lacks is
     * refused, naming file, line and symbol.
     *
     * @throws IllegalArgumentException as {@link #read}
     * @throws IOException when reading fails
     */
    public static int[] encode(Path file, TextFormat format, Vocabulary vocabulary) throws IOException {
        java.util.Objects.requireNonNull(format, "format");
        java.util.Objects.requireNonNull(vocabulary, "vocabulary");
        return tokenize(file, format, (symbol, line) -> {
            if (!vocabulary.contains(symbol)) {
                throw new IllegalArgumentException(file + " line " + line + ": symbol " + Vocabulary.quote(symbol)
                        + " does not occur in the training split (V=" + vocabulary.size() + ")");
            }
            return vocabulary.id(symbol);
        });
    }

    /**
     * Bits per character of a mean cross-entropy in nats: {@code meanNats / ln 2}. (The NRU
     * authors' code divides by 0.693, which gives 0.02% more.)
     */
    public static double bitsPerCharacter(double meanNats) {
        return meanNats / Math.log(2);
    }

    /** The vocabulary of the training split. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The training split's ids (a copy). */
    public int[] train() {
        return train.clone();
    }

    /** The validation split's ids (a copy). */
    public int[] valid() {
        return valid.clone();
    }

    /** The test split's ids (a copy). */
    public int[] test() {
        return test.clone();
    }

    // ------------------------------------------------------------------ reading

    /** Maps one symbol of line {@code line} (1-based) to its id, or refuses it. */
    private interface SymbolIds {
        int id(String symbol, int line);
    }

    /** The ids of every symbol of {@code file}, {@code <eos>} after each line. */
    private static int[] tokenize(Path file, TextFormat format, SymbolIds ids) throws IOException {
        String text = readText(file);
        IntList out = new IntList();
        int n = text.length(), line = 1, symbols = 0, tokenStart = -1;
        int i = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;        // a byte-order mark is no symbol
        boolean lineOpen = false;
        while (i < n) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '\n' || cp == '\r') {
                if (tokenStart >= 0) {
                    out.add(ids.id(text.substring(tokenStart, i), line));
                    symbols++;
                    tokenStart = -1;
                }
                out.add(ids.id(Vocabulary.EOS, line));
                if (cp == '\r' && next < n && text.charAt(next) == '\n') next++;
                line++;
                lineOpen = false;
            } else {
                if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
                    throw new IllegalArgumentException(file + " line " + line + ": control character U+"
                            + String.format("%04X", cp) + ": not a text corpus");
                }
                lineOpen = true;
                if (format == TextFormat.CODE_POINTS) {
                    out.add(ids.id(text.substring(i, next), line));
                    symbols++;
                } else if (Character.isWhitespace(cp)) {
                    if (tokenStart >= 0) {
                        out.add(ids.id(text.substring(tokenStart, i), line));
                        symbols++;
                        tokenStart = -1;
                    }
                } else if (tokenStart < 0) {
                    tokenStart = i;
                }
            }
            i = next;
        }
        if (lineOpen) {                                                       // a last line without a line end
            if (tokenStart >= 0) {
                out.add(ids.id(text.substring(tokenStart, n), line));
                symbols++;
            }
            out.add(ids.id(Vocabulary.EOS, line));
        }
        if (symbols == 0) throw new IllegalArgumentException(file + " has no symbols, only " + out.size() + " empty lines");
        return out.toArray();
    }

    /** The whole file as text; empty, oversized and malformed UTF-8 files are refused. */
    private static String readText(Path file) throws IOException {
        if (file == null) throw new IllegalArgumentException("corpus file must not be null");
        if (!Files.exists(file)) throw new IllegalArgumentException(file + " does not exist");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + " is not a regular file");
        long size = Files.size(file);
        if (size == 0) throw new IllegalArgumentException(file + " is empty: no text");
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(file + " has " + size + " bytes: too large for one array");
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);                   // UTF-8 never has fewer bytes than UTF-16 units
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            int at = in.position();
            throw new IllegalArgumentException(file + " is not UTF-8 text: malformed byte "
                    + String.format("0x%02X", bytes[Math.min(at, bytes.length - 1)] & 0xFF) + " at offset " + at);
        }
        return out.flip().toString();
    }

    /** A growing int array. */
    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8, 2L * n));
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
