package org.rnn4j.task.text;

/**
 * How a corpus file is cut into symbols. Both formats read UTF-8, end every line with the symbol
 * {@link Vocabulary#EOS} (lines end at {@code \n}, {@code \r\n} or {@code \r}; a last line without
 * a line end counts too) and drop one leading byte-order mark.
 */
public enum TextFormat {
    /**
     * Whitespace-separated symbols ({@link Character#isWhitespace}), as in Mikolov's
     * {@code ptb.char.{train,valid,test}.txt} where every character is a symbol and {@code _}
     * marks the word boundaries ({@code a e r _ b a n k n o t e}); a line's symbols are its
     * whitespace-split pieces followed by {@code <eos>}, as Python's {@code line.split() + ['<eos>']}
     * (except that Java's {@code isWhitespace} does not split at the no-break spaces U+00A0, U+2007,
     * U+202F or at U+0085, which Python's {@code split} does; the PTB files hold none of them).
     * Works as is for word-level files, whose symbols are words.
     */
    TOKENS,
    /**
     * Plain text: every Unicode code point of a line is one symbol (spaces and tabs included; a
     * character outside the Basic Multilingual Plane is one symbol, not two UTF-16 units), followed
     * by {@code <eos>}.
     */
    CODE_POINTS
}
