package org.rnn4j.kernel;

/**
 * An orthogonal matrix as a product of layers of Givens rotations, in the "tunable" layout of
 * EUNN (Jing et al. 2017, "Tunable Efficient Unitary Neural Networks (EUNN) and their application
 * to RNNs", arXiv 1612.05231), real form: one angle per rotation.
 * <pre>
 *   U = R_{L−1} ··· R_1 · R_0                          U: [H, H], applied to a column h as U·h
 *   layer ℓ even (0, 2, 4, …): rotates the pairs (0,1), (2,3), …   ⌊H/2⌋ rotations
 *   layer ℓ odd  (1, 3, 5, …): rotates the pairs (1,2), (3,4), …   ⌊(H−1)/2⌋ rotations
 *   one rotation on (p, q):  [u_p; u_q] ← [[cos θ, −sin θ], [sin θ, cos θ]] · [u_p; u_q]
 * </pre>
 * A unit without a partner in a layer (unit H−1 in even layers when H is odd; unit 0 in odd
 * layers, and unit H−1 too when H is even) passes through unchanged. The angles are stored layer
 * after layer, pairs in increasing order: {@code θ[0 .. ⌊H/2⌋)} for layer 0, then layer 1, …
 * <p>This is the layout of the EUNN authors' TensorFlow code ({@code jingli9111/EUNN-tensorflow},
 * {@code EUNN.py}, tunable style): layers alternate "A" (pairs from unit 0) and "B" (pairs from
 * unit 1), A first, with ⌈L/2⌉ A-layers of ⌊H/2⌋ angles and ⌊L/2⌋ B-layers of ⌊(H−1)/2⌋ angles,
 * and in the real domain each 2×2 block is exactly the rotation above. (In that file's real branch
 * a B-layer with H even multiplies unit H−1 by 0 instead of 1, which makes U singular; its
 * complex branch and {@code EUNN_Ivan.py} pass it through, as here.)
 * <p>The product is materialised in double once per pass ({@link #materialize}, O(L·H²)); the
 * gradient of the angles from {@code ∂L/∂U} walks the layers back ({@link #backward}, O(L·H²))
 * and recomputes the partial products by applying the inverse rotations, so nothing per layer is
 * stored. Static, allocation-free, sizes checked by {@code assert} only.
 */
public final class GivensRotations {
    private GivensRotations() {}

    /** Rotations in layer {@code layer} (0-based) of an H-unit mesh: ⌊H/2⌋ if even, ⌊(H−1)/2⌋ if odd. */
    public static int rotationsInLayer(int H, int layer) {
        return (layer & 1) == 0 ? H / 2 : (H - 1) / 2;
    }

    /** Angles of L layers on H units: {@code ⌈L/2⌉·⌊H/2⌋ + ⌊L/2⌋·⌊(H−1)/2⌋}. */
    public static long count(int H, int L) {
        return (long) ((L + 1) / 2) * (H / 2) + (long) (L / 2) * ((H - 1) / 2);
    }

    /**
     * {@code u [H, H] = R_{L−1} ··· R_0}, row-major, from the angles {@code theta[thetaOff …]}.
     */
    public static void materialize(float[] theta, int thetaOff, int H, int L, double[] u) {
        assert u.length >= H * H && thetaOff + count(H, L) <= theta.length;
        java.util.Arrays.fill(u, 0, H * H, 0.0);
        for (int i = 0; i < H; i++) u[i * H + i] = 1.0;
        int k = thetaOff;
        for (int layer = 0; layer < L; layer++) {
            for (int p = layer & 1; p + 1 < H; p += 2, k++) {
                double c = Math.cos(theta[k]), s = Math.sin(theta[k]);
                rotateRows(u, H, p, c, s);                      // rows p, p+1 ← R·rows
            }
        }
    }

    /**
     * Adds {@code ∂L/∂θ} into {@code dTheta[dThetaOff …]}, given {@code g = ∂L/∂U [H, H]}. On entry
     * {@code u} must hold {@code U} as {@link #materialize} made it from the same angles; both
     * {@code u} and {@code g} are overwritten (scratch).
     * <pre>
     *   X_ℓ = R_ℓ·X_{ℓ−1}  (X_{−1} = I, X_{L−1} = U),   D_ℓ = ∂L/∂X_ℓ  (D_{L−1} = g)
     *   for the rotation (p, q = p+1) of layer ℓ:   ∂L/∂θ = Σ_j D_ℓ[q, j]·X_ℓ[p, j] − D_ℓ[p, j]·X_ℓ[q, j]
     *   X_{ℓ−1} = R_ℓᵀ·X_ℓ,   D_{ℓ−1} = R_ℓᵀ·D_ℓ
     * </pre>
     * (From {@code ∂X_ℓ[p]/∂θ = −X_ℓ[q]} and {@code ∂X_ℓ[q]/∂θ = X_ℓ[p]}.)
     */
    public static void backward(float[] theta, int thetaOff, int H, int L, double[] u, double[] g,
                                float[] dTheta, int dThetaOff) {
        assert u.length >= H * H && g.length >= H * H && thetaOff + count(H, L) <= theta.length;
        int end = (int) count(H, L);
        for (int layer = L - 1; layer >= 0; layer--) {
            int n = rotationsInLayer(H, layer);
            end -= n;
            int p = layer & 1;
            for (int r = 0; r < n; r++, p += 2) {
                int rp = p * H, rq = rp + H;
                double acc = 0;
                for (int j = 0; j < H; j++) acc += g[rq + j] * u[rp + j] - g[rp + j] * u[rq + j];
                dTheta[dThetaOff + end + r] += (float) acc;
                if (layer > 0) {                                 // undo the rotation: rows ← Rᵀ·rows
                    double c = Math.cos(theta[thetaOff + end + r]), s = Math.sin(theta[thetaOff + end + r]);
                    rotateRows(u, H, p, c, -s);
                    rotateRows(g, H, p, c, -s);
                }
            }
        }
    }

    /** Rows p and p+1 of m [H, H] ← [[c, −s], [s, c]]·(rows p, p+1). */
    private static void rotateRows(double[] m, int H, int p, double c, double s) {
        int rp = p * H, rq = rp + H;
        for (int j = 0; j < H; j++) {
            double a = m[rp + j], b = m[rq + j];
            m[rp + j] = c * a - s * b;
            m[rq + j] = s * a + c * b;
        }
    }
}
