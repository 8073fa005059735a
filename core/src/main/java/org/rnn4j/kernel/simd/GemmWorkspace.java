package org.rnn4j.kernel.simd;

/**
 * Reusable packing buffers for one thread running {@link SimdGemm}: a packed A block, a packed B
 * block and an MR × NR edge tile. Buffers grow on demand (at most MC·KC, KC·NC and MR·NR floats)
 * and are never shrunk, so a workspace reused across calls allocates only while warming up.
 * A workspace must not be used by two threads at once. (This class does not touch the Vector API,
 * so code that only holds one can load without {@code jdk.incubator.vector}.)
 */
public final class GemmWorkspace {
    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] tile = new float[0];

    /** Creates an empty workspace; buffers are allocated by the first GEMM that needs them. */
    public GemmWorkspace() {}

    float[] a(int size) {
        if (a.length < size) a = new float[size];
        return a;
    }

    float[] b(int size) {
        if (b.length < size) b = new float[size];
        return b;
    }

    float[] tile(int size) {
        if (tile.length < size) tile = new float[size];
        return tile;
    }
}
