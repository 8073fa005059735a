/**
 * Losses over readout rows with per-row weights (masks): {@link org.rnn4j.loss.MaskedCrossEntropy}
 * and {@link org.rnn4j.loss.MeanSquaredError}. Shape letters: N rows (steps × examples that carry
 * loss), C classes or outputs.
 */
package org.rnn4j.loss;
