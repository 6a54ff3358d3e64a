package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/**
 * The element-wise math of minGRU and minLSTM (Feng et al. 2024, "Were RNNs All We Needed?", arXiv 2410.01201),
 * forward and backward side by side, one step of one row at a time: from the step's projections p [G] (the input
 * alone, no h_{t-1}) to the coefficients of the linear recurrence {@code h_t = a_t ⊙ h_{t-1} + v_t} that
 * {@link MinimalLayer} scans.
 *
 * <p>Both use the paper's log-space variant's activation for the candidate state, g(x) = x + ½ for x ≥ 0 and
 * σ(x) below, which keeps h̃ (and so h, from h_0 ≥ 0) positive. The paper computes the scan in log space because its
 * parallel form divides by running products of a; the chunked scan here only multiplies, so it runs on the values
 * themselves and needs no logarithms (the golden test checks it against the paper's log-space scan).
 *
 * <p>{@link MinGru} and {@link MinLstm} are the reference; {@link VectorMinimal} computes the same bits on the Vector
 * API when H is a whole number of vectors.
 */
interface MinimalGates {

    /** Gate blocks per hidden unit: p is [gates()·H]. */
    int gates();

    /** a [H] and v [H] of one step from p [G]; {@code scratch} [G] is the caller's. */
    void forward(float[] p, int pOff, float[] a, int aOff, float[] v, int vOff, int n, float[] scratch);

    /**
     * Backward of one step: from ∂L/∂h_t [H] at gOff and h_{t-1} [H] at hOff, ∂L/∂p [G] at dpOff
     * (∂L/∂a_t = ∂L/∂h_t ⊙ h_{t-1}, ∂L/∂v_t = ∂L/∂h_t).
     */
    void backward(float[] p, int pOff, float[] g, int gOff, float[] h, int hOff, float[] dp, int dpOff, int n);

    /** The Vector API's when the kernels are, else the reference. */
    static MinimalGates of(CellType type, Kernels k) {
        MinimalGates plain = type == CellType.MINGRU ? new MinGru(k) : new MinLstm(k);
        return k.vectorApi() ? new VectorMinimal(plain, k) : plain;
    }

    /** g(x): x + ½ for x ≥ 0, else σ(x) given as s. */
    static float g(float x, float s) { return x >= 0f ? x + 0.5f : s; }

    /** g'(x): 1 for x ≥ 0, else σ(x)(1 - σ(x)) given s = σ(x). */
    static float dg(float x, float s) { return x >= 0f ? 1f : s * (1f - s); }

    /**
     * minGRU: z_t = σ(p_z), h̃_t = g(p_h), h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t; p = [p_z | p_h], so
     * a = 1 - z and v = z ⊙ h̃.
     */
    record MinGru(Kernels k) implements MinimalGates {
        @Override public int gates() { return 2; }

        @Override
        public void forward(float[] p, int pOff, float[] a, int aOff, float[] v, int vOff, int n, float[] scratch) {
            k.sigmoid(p, pOff, scratch, 0, 2 * n);                             // σ(p_z), σ(p_h)
            for (int j = 0; j < n; j++) {
                float z = scratch[j];
                a[aOff + j] = 1f - z;
                v[vOff + j] = z * g(p[pOff + n + j], scratch[n + j]);
            }
        }

        @Override
        public void backward(float[] p, int pOff, float[] g, int gOff, float[] h, int hOff, float[] dp, int dpOff, int n) {
            k.sigmoid(p, pOff, dp, dpOff, 2 * n);
            for (int j = 0; j < n; j++) {
                float z = dp[dpOff + j], s = dp[dpOff + n + j], x = p[pOff + n + j], gj = g[gOff + j];
                float dz = gj * (g(x, s) - h[hOff + j]);                        // ∂h/∂z = h̃ - h_{t-1}
                dp[dpOff + j] = dz * z * (1f - z);
                dp[dpOff + n + j] = gj * z * dg(x, s);
            }
        }
    }

    /**
     * minLSTM: f_t = σ(p_f), i_t = σ(p_i), h̃_t = g(p_h), normalised f'_t = f_t / (f_t + i_t) and
     * i'_t = i_t / (f_t + i_t), h_t = f'_t ⊙ h_{t-1} + i'_t ⊙ h̃_t; p = [p_f | p_i | p_h], so a = f', v = i' ⊙ h̃.
     * (σ of a float is never 0, so f + i is never 0.)
     */
    record MinLstm(Kernels k) implements MinimalGates {
        @Override public int gates() { return 3; }

        @Override
        public void forward(float[] p, int pOff, float[] a, int aOff, float[] v, int vOff, int n, float[] scratch) {
            k.sigmoid(p, pOff, scratch, 0, 3 * n);                             // σ(p_f), σ(p_i), σ(p_h)
            for (int j = 0; j < n; j++) {
                float f = scratch[j], i = scratch[n + j], sum = f + i;
                a[aOff + j] = f / sum;
                v[vOff + j] = i / sum * g(p[pOff + 2 * n + j], scratch[2 * n + j]);
            }
        }

        @Override
        public void backward(float[] p, int pOff, float[] g, int gOff, float[] h, int hOff, float[] dp, int dpOff, int n) {
            k.sigmoid(p, pOff, dp, dpOff, 3 * n);
            for (int j = 0; j < n; j++) {
                float f = dp[dpOff + j], i = dp[dpOff + n + j], s = dp[dpOff + 2 * n + j], x = p[pOff + 2 * n + j];
                float sum = f + i, gj = g[gOff + j];
                float dfn = gj * (h[hOff + j] - g(x, s));                       // ∂L/∂f', with i' = 1 - f'
                float q = dfn / (sum * sum);
                dp[dpOff + j] = q * i * f * (1f - f);                           // ∂f'/∂f = i / (f + i)²
                dp[dpOff + n + j] = -q * f * i * (1f - i);                      // ∂f'/∂i = -f / (f + i)²
                dp[dpOff + 2 * n + j] = gj * (i / sum) * dg(x, s);
            }
        }
    }
}
