/**
 * Analysis of a model on one sequence: how the gradient of the last step's loss flows back over
 * time, how the hidden state moves, and the trace of every further state block (an LSTM's c, an
 * NRU's memory m) — the plots of the NRU paper's notebooks ({@link org.rnn4j.analysis.SequenceAnalysis}).
 * <p>Shape letters: T time, B batch (1 here), H hidden, S state width per example (h first),
 * W the width of one state block. Traces are time-major: row t of {@code [T, W]} is step t.
 */
package org.rnn4j.analysis;
