package org.rnn4j.train;

/**
 * What {@link EpochTrainer} does between epochs: a learning-rate schedule and early stopping,
 * both decided on the validation loss after each epoch (PyTorch semantics where PyTorch has the
 * same thing):
 * <pre>
 *   none                    the learning rate stays
 *   step(every, factor)     lr ← lr·factor after every {@code every} epochs          (StepLR)
 *   plateau(patience, f)    lr ← lr·f once the validation loss has not improved for
 *                           more than {@code patience} epochs; the count restarts     (ReduceLROnPlateau,
 *                                                                                      mode min, threshold 0)
 *   earlyStop = p > 0       stop after the epoch that makes p epochs without a new best validation loss
 * </pre>
 *
 * @param schedule  NONE, STEP or PLATEAU
 * @param every     STEP: epochs between reductions (≥ 1); PLATEAU: the patience (≥ 0)
 * @param factor    the multiplier of a reduction, in (0, 1)
 * @param earlyStop epochs without improvement before stopping; 0 = never
 */
public record EpochPolicy(Schedule schedule, int every, double factor, int earlyStop) {

    /** The learning-rate schedules. */
    public enum Schedule {
        /** Keep the learning rate. */
        NONE,
        /** Multiply by factor every {@code every} epochs. */
        STEP,
        /** Multiply by factor when the validation loss stalls (halve on plateau with factor 0.5). */
        PLATEAU
    }

    public EpochPolicy {
        if (schedule == null) throw new IllegalArgumentException("schedule must be NONE, STEP or PLATEAU, got null");
        if (schedule == Schedule.STEP && every < 1) throw new IllegalArgumentException("step schedule: every must be >= 1, got " + every);
        if (schedule == Schedule.PLATEAU && every < 0) {
            throw new IllegalArgumentException("plateau schedule: patience must be >= 0, got " + every);
        }
        if (schedule != Schedule.NONE && !(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("learning-rate factor must be in (0, 1), got " + factor);
        }
        if (earlyStop < 0) throw new IllegalArgumentException("early-stopping patience must be >= 0 (0 = off), got " + earlyStop);
    }

    /** No schedule, no early stopping. */
    public static EpochPolicy none() {
        return new EpochPolicy(Schedule.NONE, 0, 0.5, 0);
    }

    /** {@code lr ← lr·factor} every {@code every} epochs. */
    public static EpochPolicy step(int every, double factor) {
        return new EpochPolicy(Schedule.STEP, every, factor, 0);
    }

    /** {@code lr ← lr·factor} after more than {@code patience} epochs without a better validation loss. */
    public static EpochPolicy plateau(int patience, double factor) {
        return new EpochPolicy(Schedule.PLATEAU, patience, factor, 0);
    }

    /** This policy, stopping after {@code patience} epochs without a better validation loss (0 = never). */
    public EpochPolicy withEarlyStop(int patience) {
        return new EpochPolicy(schedule, every, factor, patience);
    }

    /** What to do after an epoch: multiply the learning rate by {@code lrFactor} (1 = keep), and whether to stop. */
    public record Decision(double lrFactor, boolean stop) {}

    /** A fresh tracker of this policy's state (best loss, epochs without improvement). */
    public Tracker tracker() {
        return new Tracker(this);
    }

    /** The policy's state over one run: fed each epoch's validation loss in order. */
    public static final class Tracker {
        private final EpochPolicy p;
        private double best = Double.POSITIVE_INFINITY, plateauBest = Double.POSITIVE_INFINITY;
        private int sinceBest, bad;

        private Tracker(EpochPolicy p) {
            this.p = p;
        }

        /**
         * The decision after epoch {@code epoch} (from 1) with validation loss {@code validLoss}
         * (NaN when there is no validation fold: no plateau reduction, no early stop).
         */
        public Decision after(int epoch, double validLoss) {
            boolean hasValid = !Double.isNaN(validLoss);
            if (hasValid && validLoss < best) {
                best = validLoss;
                sinceBest = 0;
            } else if (hasValid) {
                sinceBest++;
            }
            double f = 1;
            switch (p.schedule()) {
                case NONE -> { }
                case STEP -> {
                    if (epoch % p.every() == 0) f = p.factor();
                }
                case PLATEAU -> {
                    if (!hasValid) break;
                    if (validLoss < plateauBest) {
                        plateauBest = validLoss;
                        bad = 0;
                    } else if (++bad > p.every()) {
                        f = p.factor();
                        bad = 0;
                    }
                }
            }
            return new Decision(f, hasValid && p.earlyStop() > 0 && sinceBest >= p.earlyStop());
        }
    }
}
