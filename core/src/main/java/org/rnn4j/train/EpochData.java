package org.rnn4j.train;

import org.rnn4j.data.Batch;

/**
 * A fixed data set in three folds, read in batches by {@link EpochTrainer}: the training fold in
 * an order that may change every epoch, the validation and test folds for evaluation.
 */
public interface EpochData {

    /** The three folds. */
    enum Fold {
        /** Examples the model trains on. */
        TRAIN,
        /** Examples that pick the best epoch (and drive schedules or early stopping). */
        VALID,
        /** Examples reported at the best validation epoch. */
        TEST
    }

    /** The number of examples in {@code fold} (0 when the data set has no such fold). */
    int size(Fold fold);

    /**
     * The order in which epoch {@code epoch} (from 1) visits {@code fold}: a permutation of
     * [0, size(fold)). Data sets with a protocol of their own (the NRU code's psMNIST draws a new
     * permutation per fold and epoch from one numpy generator) define it; called once per fold and
     * epoch, in the order the trainer needs them (TRAIN, then VALID, then TEST).
     */
    int[] order(Fold fold, int epoch);

    /** The batch of examples {@code order[from], …, order[from + count − 1]} of {@code fold}. */
    Batch batch(Fold fold, int[] order, int from, int count);

    /** One line describing the data set, for summaries. */
    String describe();
}
