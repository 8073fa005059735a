/**
 * Optimizers over the flat parameter buffer with PyTorch's semantics and defaults
 * ({@link org.rnn4j.optim.Sgd}, {@link org.rnn4j.optim.RmsProp}, {@link org.rnn4j.optim.Adam} with
 * AMSGrad) and global-norm clipping ({@link org.rnn4j.optim.Clip}).
 */
package org.rnn4j.optim;
