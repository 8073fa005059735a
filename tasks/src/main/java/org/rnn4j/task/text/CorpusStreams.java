package org.rnn4j.task.text;

import java.util.Arrays;
import org.rnn4j.data.Batch;

/**
 * An id sequence cut into B parallel streams for language modelling with truncated BPTT (the
 * {@code batchify} / {@code get_batch} of PyTorch's word-language-model example, which the NRU
 * authors' char-PTB code uses).
 * <pre>
 *   n = ⌊N / B⌋;   stream b = ids[b·n .. (b+1)·n)        contiguous; the last N − B·n ids are dropped
 *   data [n, B]:   data[i][b] = ids[b·n + i]             time-major, as every sequence buffer
 *   segment k of length ≤ L, starting at s = k·L, T = min(L, n − 1 − s):
 *     x      [T, B, 1] = data[s .. s+T)                  symbol ids as floats
 *     labels [T, B]    = data[s+1 .. s+T+1)              the next symbol of each stream
 *     mask   [T, B]    = 1
 * </pre>
 * {@code segments(L) = ⌈(n − 1) / L⌉}; the last segment is shorter when L does not divide n − 1.
 * Segment k+1 continues where segment k ends in every stream, so a trainer that carries the state
 * across segments sees each stream as one long sequence. The batches are for a model with an
 * embedding of V symbols and V classes ({@code ModelConfig.withEmbedding(V, D)}).
 */
public final class CorpusStreams {
    private final int B, V, n;
    private final int[] data;      // [n, B]

    /**
     * Cuts {@code ids} (each in [0, V)) into {@code streams} = B streams of ⌊N / B⌋ ids; each stream
     * must hold at least 2 ids (one input and its target).
     */
    public CorpusStreams(int[] ids, int streams, int vocabulary) {
        if (streams < 1) throw new IllegalArgumentException("streams B must be >= 1, got " + streams);
        if (vocabulary < 1 || vocabulary > Corpus.MAX_VOCABULARY) {
            throw new IllegalArgumentException("vocabulary V must be in [1, " + Corpus.MAX_VOCABULARY + "], got " + vocabulary);
        }
        java.util.Objects.requireNonNull(ids, "ids");
        this.B = streams;
        this.V = vocabulary;
        this.n = ids.length / streams;
        if (n < 2) {
            throw new IllegalArgumentException("streams B=" + B + " need at least 2 ids each (N >= " + 2 * B + "), got N="
                    + ids.length);
        }
        this.data = new int[n * B];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < n; i++) {
                int id = ids[b * n + i];
                if (id < 0 || id >= V) {
                    throw new IllegalArgumentException("id at position " + (b * n + i) + " must be in [0, V=" + V + "), got " + id);
                }
                data[i * B + b] = id;
            }
        }
    }

    /** B. */
    public int streams() {
        return B;
    }

    /** n: ids per stream. */
    public int length() {
        return n;
    }

    /** V: the vocabulary size, the classes C of every batch. */
    public int vocabulary() {
        return V;
    }

    /** The number of segments of length ≤ {@code maxLength} = L: ⌈(n − 1) / L⌉. */
    public int segments(int maxLength) {
        if (maxLength < 1) throw new IllegalArgumentException("segment length L must be >= 1, got " + maxLength);
        return (n - 1 + maxLength - 1) / maxLength;
    }

    /** Segment {@code k} (0-based, below {@link #segments(int) segments(L)}) of length ≤ {@code maxLength} = L. */
    public Batch segment(int k, int maxLength) {
        int count = segments(maxLength);
        if (k < 0 || k >= count) {
            throw new IllegalArgumentException("segment k must be in [0, " + count + ") for L=" + maxLength + ", got " + k);
        }
        int s = k * maxLength, T = Math.min(maxLength, n - 1 - s);
        float[] x = new float[T * B];
        int[] labels = new int[T * B];
        for (int r = 0; r < T * B; r++) {
            x[r] = data[s * B + r];
            labels[r] = data[(s + 1) * B + r];
        }
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        return new Batch(T, B, 1, V, x, labels, null, mask);
    }

    /** {@code data[i][b]}: id i of stream b. */
    int id(int i, int b) {
        return data[i * B + b];
    }
}
