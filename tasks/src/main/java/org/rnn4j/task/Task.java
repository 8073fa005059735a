package org.rnn4j.task;

import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;

/**
 * A sequence task that generates batches on demand (synthetic tasks draw a fresh batch per step).
 * Every random draw comes from the generator passed in, so a seed fixes the data.
 */
public interface Task {

    /** What the readout predicts and which loss applies. */
    enum Kind {
        /** Class ids per step; masked cross-entropy. */
        CLASSIFICATION,
        /** Real-valued targets per step; masked mean squared error. */
        REGRESSION
    }

    /** The registry name, e.g. {@code copy}. */
    String name();

    Kind kind();

    /** I: width of one input step. */
    int inputSize();

    /** C: number of classes (classification) or target width (regression). */
    int outputSize();

    /** The longest sequence length T this task produces (variable-length tasks vary per batch). */
    int maxSteps();

    /** Draws a batch of {@code batchSize} sequences using only {@code rng}. */
    Batch sample(int batchSize, RandomGenerator rng);

    /**
     * The expected loss of the best predictor that has no memory of earlier inputs, in the task's
     * own loss (masked cross-entropy in nats, or masked MSE). A model must go below it to show
     * that it remembers.
     */
    double memorylessLoss();

    /** One line describing the task and its parameters, for summaries and run folders. */
    String describe();
}
