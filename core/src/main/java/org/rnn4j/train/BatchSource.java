package org.rnn4j.train;

import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;

/** Where training batches come from (a task's sampler, a data set's iterator). */
@FunctionalInterface
public interface BatchSource {

    /** The next batch of {@code batchSize} sequences, drawing only from {@code rng}. */
    Batch next(int batchSize, RandomGenerator rng);
}
