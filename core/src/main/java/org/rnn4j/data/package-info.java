/**
 * Data passed between tasks and models: the time-major {@link org.rnn4j.data.Batch} and the
 * {@link org.rnn4j.data.Check} helper used at every user-facing boundary.
 * <p>Shape letters: T time steps, B batch, I input width, C classes or regression width.
 */
package org.rnn4j.data;
