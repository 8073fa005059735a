/**
 * SIMD kernels on the incubating Vector API ({@code jdk.incubator.vector}); the only package of
 * rnn4j that imports it. Every public kernel here has a scalar twin with the same signature in
 * {@link org.rnn4j.kernel} ({@code SimdGemm.gemm} ↔ {@code ScalarGemm.gemm},
 * {@code SimdActivations.*} ↔ {@code ScalarActivations.*}, {@code SimdGroupGemv.gemv} ↔
 * {@code GroupGemv.gemv}); use them through
 * {@code org.rnn4j.kernel.Kernels} and {@code org.rnn4j.kernel.Compute}, which pick one once.
 *
 * <p>Shape letters: a GEMM computes {@code C[M, N] = op(A)[M, K] · op(B)[K, N]} (M output rows,
 * N output columns, K inner dimension), row-major with leading dimensions and offsets. The
 * register tile is MR × NR (rows of C × columns of C), NR = NV vectors of the chosen float species
 * (default SPECIES_512: MR = 8, NV = 2, NR = 32). A is packed into MR-row slivers stored
 * [K][MR]; B into NR-column panels stored [K][NR], both zero-padded. Blocking follows
 * GotoBLAS/BLIS: NC columns → KC inner steps → MC rows.
 *
 * <p>System property {@code rnn4j.simd.bits} (512, 256 or 128) overrides the species; by default it
 * is SPECIES_512 when the CPU's preferred species is at least 512 bits wide, else SPECIES_PREFERRED.
 */
package org.rnn4j.kernel.simd;
