package org.rnn4j.train;

/**
 * Thrown when the loss or the gradient norm stops being finite. The update of that step is not
 * applied (the parameters may already be non-finite if the previous update caused it).
 */
public final class TrainingDivergedException extends RuntimeException {
    private final long step;

    /** Update {@code step} refused because {@code what} became {@code value}. */
    public TrainingDivergedException(long step, String what, double value) {
        super("training diverged at step " + step + ": " + what + " is " + value
                + " (try a lower learning rate or gradient clipping)");
        this.step = step;
    }

    /** The step whose update was refused. */
    public long step() {
        return step;
    }
}
