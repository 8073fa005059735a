package org.rnn4j.kernel;

/**
 * modReLU, real form, with a learnable bias per unit (Arjovsky, Shah &amp; Bengio 2016, used by
 * EURNN and GORU).
 * <pre>
 *   h = modReLU(a, b) = sign(a)·ReLU(|a| + b)                  (complex: ReLU(|a| + b)·a/|a|)
 *   ∂h/∂a = 1[a ≠ 0 and |a| + b > 0]       ∂h/∂b = sign(a)·1[|a| + b > 0]
 * </pre>
 * With {@code b = 0} it is the identity; {@code b < 0} is a dead zone {@code |a| ≤ −b} that shrinks
 * every magnitude by |b|; {@code b > 0} pushes magnitudes up by b and jumps by 2b at {@code a = 0}.
 * <p>At the points with no derivative both are taken as 0: at {@code |a| + b = 0} (the kink, like
 * ReLU'(0) = 0) and at {@code a = 0}, where {@code h = sign(0)·… = 0} and the function is the identity
 * ({@code b = 0}), flat ({@code b < 0}) or jumps ({@code b > 0}). That is also what automatic
 * differentiation gives for the EUNN/GORU authors' TensorFlow form
 * {@code sign(a)·relu(|a| + 1e-5 + b)} ({@code EURNN.py} / {@code modrelu.py}: {@code sign'} = 0,
 * {@code |·|'(0)} = 0). rnn4j leaves out that 1e-5 (a shift of the threshold, there to avoid
 * dividing by |a| in the complex form). Both derivatives can then be read off the output alone:
 * {@code ∂h/∂a = 1[h ≠ 0]}, {@code ∂h/∂b = sign(h)}, so backward needs no saved pre-activation.
 * NaN propagates; a zero output is +0.
 */
public final class ModRelu {
    private ModRelu() {}

    /** {@code h[i] = sign(a[i])·max(|a[i]| + b[i], 0)} over n elements; in place ({@code a == h}) allowed. */
    public static void forward(float[] a, int aOff, float[] b, int bOff, float[] h, int hOff, int n) {
        assert aOff + n <= a.length && bOff + n <= b.length && hOff + n <= h.length;
        for (int i = 0; i < n; i++) {
            float ai = a[aOff + i];
            h[hOff + i] = Math.signum(ai) * Math.max(Math.abs(ai) + b[bOff + i], 0f) + 0f;   // + 0: no −0
        }
    }

    /**
     * From the output {@code h} and {@code dh = ∂L/∂h}: writes {@code da = ∂L/∂a = dh·1[h ≠ 0]} and
     * adds {@code ∂L/∂b = dh·sign(h)} into {@code db}; over n elements; {@code da} may be {@code dh}.
     */
    public static void backward(float[] h, int hOff, float[] dh, int dhOff, float[] da, int daOff,
                                float[] db, int dbOff, int n) {
        assert hOff + n <= h.length && dhOff + n <= dh.length && daOff + n <= da.length && dbOff + n <= db.length;
        for (int i = 0; i < n; i++) {
            float hi = h[hOff + i], d = dh[dhOff + i];
            db[dbOff + i] += Math.signum(hi) * d;
            da[daOff + i] = hi != 0f ? d : 0f;
        }
    }
}
