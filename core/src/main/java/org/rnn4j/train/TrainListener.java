package org.rnn4j.train;

/** Receives the metrics of every training step (progress bars, metric files, early stopping). */
public interface TrainListener {

    /** Called after every update. */
    void onStep(StepMetrics metrics);

    /** Called once when training ends normally. */
    default void onEnd(Trainer.Result result) {}
}
