/**
 * Layers: the time loop of a recurrent layer ({@link org.rnn4j.layer.RecurrentLayer}), the
 * linear readout ({@link org.rnn4j.layer.LinearReadout}) and the symbol embedding
 * ({@link org.rnn4j.layer.Embedding}).
 * <p>Shape letters: T time, B batch, I input width, H hidden, P input-projection width, S state
 * width, C outputs, V vocabulary and D width of an embedding. Sequence buffers are time-major:
 * step t of {@code [T, B, F]} is one block.
 */
package org.rnn4j.layer;
