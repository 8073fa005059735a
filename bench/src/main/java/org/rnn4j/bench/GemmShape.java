package org.rnn4j.bench;

import java.util.Locale;

/**
 * A GEMM benchmark shape, parsed from a JMH {@code @Param} string {@code kind:MxNxK}, with the
 * operand layout of the RNN call it stands for and its flop count {@code 2·M·N·K}.
 * <pre>
 *   fwdPre  C[M,N] += A[M,K]·Wᵀ    W stored [N,K], pre-packed once   (cell forward: z += h·Whᵀ)
 *   fwd     C[M,N] += A[M,K]·Wᵀ    W stored [N,K], packed every call
 *   fwdPreSet C[M,N] = A[M,K]·Wᵀ   as fwdPre but C overwritten (no C read-back; a diagnostic twin)
 *   dhPre   C[M,N]  = G[M,K]·W     W stored [K,N], pre-packed once   (cell backward: dh = dz·Wh)
 *   dh      C[M,N]  = G[M,K]·W     W stored [K,N], packed every call
 *   dw      C[M,N] += Gᵀ·X         G stored [K,M], X stored [K,N]    (cell backward: dWh += dzᵀ·h)
 * </pre>
 *
 * @param kind the layout, one of the names above
 * @param m    M, rows of C
 * @param n    N, columns of C
 * @param k    K, the inner dimension
 */
public record GemmShape(Kind kind, int m, int n, int k) {

    /** The operand layouts benchmarked. */
    public enum Kind {
        /** A·Bᵀ with Bᵀ pre-packed. */
        FWD_PRE("fwdPre", false, true, true, true),
        /** A·Bᵀ with Bᵀ pre-packed, C overwritten: isolates the cost of accumulating into C. */
        FWD_PRE_SET("fwdPreSet", false, true, true, false),
        /** A·Bᵀ, B packed by every call. */
        FWD("fwd", false, true, false, true),
        /** A·B with B pre-packed. */
        DH_PRE("dhPre", false, false, true, false),
        /** A·B, B packed by every call. */
        DH("dh", false, false, false, false),
        /** Aᵀ·B accumulated, both operands fresh every call. */
        DW("dw", true, false, false, true);

        /** The name used in {@code @Param} strings. */
        public final String label;
        /** Whether A is stored transposed ([K, M]). */
        public final boolean transA;
        /** Whether B is stored transposed ([N, K]). */
        public final boolean transB;
        /** Whether B is packed once ahead of the calls. */
        public final boolean prePacked;
        /** Whether C is accumulated into (as the cells do) rather than overwritten. */
        public final boolean accumulate;

        Kind(String label, boolean transA, boolean transB, boolean prePacked, boolean accumulate) {
            this.label = label;
            this.transA = transA;
            this.transB = transB;
            this.prePacked = prePacked;
            this.accumulate = accumulate;
        }

        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) return k;
            }
            throw new IllegalArgumentException("unknown GEMM kind '" + label + "'");
        }
    }

    public GemmShape {
        if (m < 1 || n < 1 || k < 1) throw new IllegalArgumentException("M, N, K must be >= 1");
    }

    /** Parses {@code kind:MxNxK}, e.g. {@code fwdPre:100x512x128}. */
    public static GemmShape parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("shape must be kind:MxNxK, got '" + s + "'");
        String[] d = s.substring(colon + 1).toLowerCase(Locale.ROOT).split("x");
        if (d.length != 3) throw new IllegalArgumentException("shape must be kind:MxNxK, got '" + s + "'");
        return new GemmShape(Kind.of(s.substring(0, colon)),
                Integer.parseInt(d[0].trim()), Integer.parseInt(d[1].trim()), Integer.parseInt(d[2].trim()));
    }

    /** Floating-point operations of one call: 2·M·N·K. */
    public long flops() {
        return 2L * m * n * k;
    }

    /** Floats in A as stored ([M, K], or [K, M] if transposed). */
    public int aSize() {
        return m * k;
    }

    /** Floats in B as stored ([K, N], or [N, K] if transposed). */
    public int bSize() {
        return k * n;
    }

    /** Leading dimension of A as stored. */
    public int lda() {
        return kind.transA ? m : k;
    }

    /** Leading dimension of B as stored. */
    public int ldb() {
        return kind.transB ? k : n;
    }

    @Override
    public String toString() {
        return kind.label + ":" + m + "x" + n + "x" + k;
    }
}
