package org.rnn4j.task.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbols of a corpus and their ids 0..V-1, in the order they first appear in the training
 * split (as the {@code Dictionary} of PyTorch's word-language-model example, which the NRU
 * authors' char-PTB code uses), {@link #EOS} included where the first line ends.
 */
public final class Vocabulary {
    /** The symbol that ends every line. */
    public static final String EOS = "<eos>";

    private final List<String> symbols;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> symbols, Map<String, Integer> ids) {
        this.symbols = Collections.unmodifiableList(symbols);
        this.ids = ids;
    }

    /** The vocabulary whose symbol {@code i} is {@code symbols.get(i)}; symbols must be distinct and non-empty. */
    public static Vocabulary of(List<String> symbols) {
        if (symbols.isEmpty()) throw new IllegalArgumentException("a vocabulary needs at least one symbol");
        List<String> list = new ArrayList<>(symbols.size());
        Map<String, Integer> ids = new HashMap<>();
        for (String s : symbols) {
            if (s == null || s.isEmpty()) throw new IllegalArgumentException("vocabulary symbols must be non-empty, got '" + s + "'");
            if (ids.putIfAbsent(s, list.size()) != null) throw new IllegalArgumentException("duplicate vocabulary symbol " + quote(s));
            list.add(s);
        }
        return new Vocabulary(list, ids);
    }

    /** V: the number of symbols. */
    public int size() {
        return symbols.size();
    }

    /** The symbols in id order. */
    public List<String> symbols() {
        return symbols;
    }

    /** True when {@code symbol} has an id. */
    public boolean contains(String symbol) {
        return ids.containsKey(symbol);
    }

    /** The id of {@code symbol}; an unknown symbol is refused. */
    public int id(String symbol) {
        Integer id = ids.get(symbol);
        if (id == null) throw new IllegalArgumentException("symbol " + quote(symbol) + " is not in the vocabulary (V=" + size() + ")");
        return id;
    }

    /** The symbol with id {@code id} in [0, V). */
    public String symbol(int id) {
        if (id < 0 || id >= size()) throw new IllegalArgumentException("symbol id must be in [0, V=" + size() + "), got " + id);
        return symbols.get(id);
    }

    /** The id of {@link #EOS}, or -1 when the vocabulary has none. */
    public int eos() {
        Integer id = ids.get(EOS);
        return id == null ? -1 : id;
    }

    /** {@code 'é' (U+00E9)}: the symbol quoted, with the code point of a one-code-point symbol. */
    static String quote(String s) {
        if (s == null) return "null";
        if (s.codePointCount(0, s.length()) != 1) return "'" + s + "'";
        return "'" + s + "' (U+" + String.format("%04X", s.codePointAt(0)) + ")";
    }

    @Override
    public String toString() {
        return "Vocabulary[V=" + size() + "]";
    }
}
