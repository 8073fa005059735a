/**
 * Layers: the time loop of a recurrent layer ({@link org.rnn4j.layer.RecurrentLayer}) and the
 * linear readout ({@link org.rnn4j.layer.LinearReadout}).
 * <p>Shape letters: T time, B batch, I input width, H hidden, P input-projection width, S state
 * width, C outputs. Sequence buffers are time-major: step t of {@code [T, B, F]} is one block.
 */
package org.rnn4j.layer;
