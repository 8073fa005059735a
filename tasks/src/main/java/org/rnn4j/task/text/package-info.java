/**
 * Character (or token) corpora for language modelling: {@link org.rnn4j.task.text.Corpus} reads a
 * train / valid / test split in a {@link org.rnn4j.task.text.TextFormat}, the
 * {@link org.rnn4j.task.text.Vocabulary} maps symbols to ids, and
 * {@link org.rnn4j.task.text.CorpusStreams} cuts an id sequence into B parallel streams and hands
 * out segments of at most L steps as {@link org.rnn4j.data.Batch}es of symbol ids, for a model
 * with an embedding ({@code ModelConfig.withEmbedding}). docs/tasks/char-lm.md describes the
 * protocol.
 * <p>A file that is missing, empty or not text fails with one {@link IllegalArgumentException}
 * whose message starts with the file's path; a failing read surfaces as an
 * {@link java.io.IOException}.
 * <p>Shape letters: T steps of a segment (at most L), B streams, V vocabulary size (= C, the
 * classes of the next-symbol prediction), N symbols in a split, n = ⌊N / B⌋ symbols per stream.
 */
package org.rnn4j.task.text;
