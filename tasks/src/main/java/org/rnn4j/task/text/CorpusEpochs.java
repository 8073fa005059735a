package org.rnn4j.task.text;

import java.util.Objects;
import org.rnn4j.data.Batch;
import org.rnn4j.train.EpochData;

/**
 * A corpus's three splits as {@link EpochData}: each fold is its streams ({@link CorpusStreams})
 * read whole, as one batch whose examples are the B streams. With
 * {@code EpochTrainer.truncation(k)} an epoch is then the PTB protocol: truncated BPTT over the
 * whole training stream from a zero state, one update per segment, and the validation and test
 * streams run the same way, forward only.
 */
public final class CorpusEpochs implements EpochData {
    private final Batch train, valid, test;

    /** The folds from their streams (each must have at least 2 ids per stream). */
    public CorpusEpochs(CorpusStreams train, CorpusStreams valid, CorpusStreams test) {
        this.train = whole(Objects.requireNonNull(train, "train"));
        this.valid = whole(Objects.requireNonNull(valid, "valid"));
        this.test = whole(Objects.requireNonNull(test, "test"));
    }

    private static Batch whole(CorpusStreams s) {
        return s.segment(0, s.length() - 1);
    }

    private Batch fold(Fold f) {
        return f == Fold.TRAIN ? train : f == Fold.VALID ? valid : test;
    }

    /** The number of streams of {@code fold}: an example is one stream. */
    @Override
    public int size(Fold fold) {
        return fold(fold).batchSize();
    }

    /** The streams in order (they are read together). */
    @Override
    public int[] order(Fold fold, int epoch) {
        int[] o = new int[size(fold)];
        for (int i = 0; i < o.length; i++) o[i] = i;
        return o;
    }

    /** The whole fold: a corpus fold is read as one batch of all its streams, so from = 0 and count = size. */
    @Override
    public Batch batch(Fold fold, int[] order, int from, int count) {
        if (from != 0 || count != size(fold)) {
            throw new IllegalArgumentException("a corpus fold is read whole: from 0, all " + size(fold) + " streams; got from "
                    + from + ", count " + count + " (use a batch and an evaluation batch of at least the number of streams)");
        }
        return fold(fold);
    }

    @Override
    public String describe() {
        return "corpus, " + train.batchSize() + " training streams of " + train.steps() + " steps";
    }
}
