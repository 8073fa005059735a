package org.rnn4j.train;

/**
 * What one training step measured.
 *
 * @param step           1-based update number
 * @param loss           the batch loss before the update
 * @param accuracy       mask-weighted accuracy of the batch (NaN for regression)
 * @param gradNorm       global gradient norm before clipping
 * @param stepSeconds    wall time of this step (forward, backward, clip, update)
 * @param elapsedSeconds wall time since training started
 * @param timesteps      T·B: sequence steps processed by this update
 */
public record StepMetrics(long step, double loss, double accuracy, double gradNorm, double stepSeconds,
                          double elapsedSeconds, long timesteps) {

    /** Updates per second over the run so far. */
    public double stepsPerSecond() {
        return elapsedSeconds > 0 ? step / elapsedSeconds : 0;
    }
}
