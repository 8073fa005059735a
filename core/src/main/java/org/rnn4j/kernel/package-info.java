/**
 * Numeric kernels: scalar GEMM and activations, the {@link org.rnn4j.kernel.Kernels} entry point
 * that picks the SIMD or scalar implementation once, and the multi-threaded GEMM engine
 * {@link org.rnn4j.kernel.Compute}.
 *
 * <p>Shape letters: a GEMM computes {@code C[M, N] = op(A)[M, K] · op(B)[K, N]}. M is the number
 * of output rows (usually the batch B), N the number of output columns, K the shared inner
 * dimension. All matrices are row-major with an explicit leading dimension ({@code lda},
 * {@code ldb}, {@code ldc}: the distance between the starts of two consecutive stored rows) and a
 * start offset ({@code aOff}, {@code bOff}, {@code cOff}). Transposition is expressed by how a
 * matrix is stored, never by copying: with {@code transA}, A is stored as [K, M]; with
 * {@code transB}, B is stored as [N, K].
 *
 * <p>Element-wise kernels take {@code (x, xOff, y, yOff, n)}: n elements read from x starting at
 * xOff and written to y starting at yOff; in place ({@code x == y}, {@code xOff == yOff}) is allowed.
 *
 * <p>Kernels are static methods that allocate nothing and check sizes only with {@code assert};
 * callers (cells, layers) validate at their boundary. This package is not exported.
 */
package org.rnn4j.kernel;
