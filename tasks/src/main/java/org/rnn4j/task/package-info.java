/**
 * Benchmark tasks behind the {@link org.rnn4j.task.Task} interface, one file per task, and the
 * {@link org.rnn4j.task.TaskRegistry} that maps CLI names ({@code adding, copy, denoise, pad, varcopy, varpad, varwarp, warp})
 * to them. Every task draws a fresh batch per call using only the generator passed in.
 * <p>Shape letters: T time steps of a batch, B batch, I input width, C classes or regression width.
 * The copy and denoise tasks also use the papers' names L (digits to remember) and T (lag); there a
 * batch has 2L+T (copy) or L+T+1 (denoise) time steps, and the javadoc writes shapes that way. The
 * warping tasks use W (maximum warping) and N = T (sequence length).
 */
package org.rnn4j.task;
