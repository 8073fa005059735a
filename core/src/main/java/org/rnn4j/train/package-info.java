/**
 * Training: the model (stacked layers, readout, loss over one flat parameter buffer;
 * {@link org.rnn4j.train.SequenceModel}), full BPTT and the update loop
 * ({@link org.rnn4j.train.Trainer}), truncated BPTT over long sequences with the state carried
 * across segments ({@link org.rnn4j.train.Tbptt}), and metric logging ({@link org.rnn4j.train.MetricsLog}).
 */
package org.rnn4j.train;
