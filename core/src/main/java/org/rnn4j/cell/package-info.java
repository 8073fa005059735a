/**
 * Recurrent cells, one file each with forward and backward side by side: {@link org.rnn4j.cell.Lstm},
 * {@link org.rnn4j.cell.Gru}, {@link org.rnn4j.cell.ElmanRnn}, {@link org.rnn4j.cell.Janet}, {@link org.rnn4j.cell.Sru},
 * {@link org.rnn4j.cell.Nru}, {@link org.rnn4j.cell.Eurnn}, {@link org.rnn4j.cell.Goru}, and the time-gated
 * {@link org.rnn4j.cell.PhasedLstm} and {@link org.rnn4j.cell.GaussianLstm} (their time source:
 * {@link org.rnn4j.cell.Timestamps}); the
 * contract they share is {@link org.rnn4j.cell.Cell}. The gate that keeps the state in LSTM, GRU and
 * JANET is a sigmoid or the fast gate σ(sinh z), {@link org.rnn4j.cell.GateFunction}.
 * <p>Shape letters: B batch, T time, I input width, H hidden, P input-projection width, S state
 * width per example (h first), Cw cache width per example and step, M memory (NRU), R rows of the
 * NRU's head map, L rotation layers (EURNN, GORU).
 */
package org.rnn4j.cell;
