package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.NaiveKernels;

/**
 * Each cell's Vector API math gives the bits of its plain reference, forward and backward, for hidden sizes with
 * and without a vector tail, at a row that is not the first (so every offset is exercised); and the reference is
 * the cell's equations.
 */
class CellMathTest {
    static final int[] SIZES = {1, 7, 16, 19, 64, 100, 128};
    final Kernels naive = new NaiveKernels(), fast = Compute.bestKernels();
    final SplittableRandom rng = new SplittableRandom(5);

    @Test
    void theVectorApiKernelsTakeTheVectorApiMath() {
        assertTrue(LstmMath.of(naive) instanceof PlainLstm && GruMath.of(naive) instanceof PlainGru);
        if (fast.vectorApi()) assertTrue(LstmMath.of(fast) instanceof VectorLstm && GruMath.of(fast) instanceof VectorGru);
    }

    @Test
    void lstmVectorEqualsPlainBitForBit() {
        for (int n : SIZES) {
            int rows = 3, row = 2, b = 1;
            float[] gates = gates(rows * 4 * n), c0 = uniform(rows * n + 2 * n, 2), dh0 = uniform(n + 3, 1), dc0 = uniform(2 * n, 1);
            float[][] results = new float[2][];
            for (int v = 0; v < 2; v++) {
                LstmMath math = v == 0 ? new PlainLstm(fast) : LstmMath.of(fast);        // the same activations on both sides
                LstmMath.Cache m = new LstmMath.Cache(n, gates.clone(), c0.clone(), new float[rows * n], dc0.clone());
                float[] h = new float[n + 5], dh = dh0.clone(), dxp = new float[4 * n + 1], dhp = new float[4 * n + 2];
                math.state(m, row, row * n, rows * n, h, 5);
                math.backward(m, row, b, dh, 3, dxp, 1, dhp, 2);
                results[v] = concat(m.c(), m.tanhC(), h, dh, m.dc(), dxp, dhp);
            }
            assertArrayEquals(results[0], results[1], "LSTM, H = " + n);
        }
    }

    @Test
    void gruVectorEqualsPlainBitForBit() {
        for (int n : SIZES) {
            int rows = 3, row = 1;
            float[] act0 = gates(rows * 3 * n), hpn = uniform(rows * n, 2), xp = uniform(n + 4, 2), h0 = uniform(3 * n, 1), dh0 = uniform(n + 2, 1);
            float[][] results = new float[2][];
            for (int v = 0; v < 2; v++) {
                GruMath math = v == 0 ? new PlainGru(fast) : GruMath.of(fast);
                GruMath.Cache m = new GruMath.Cache(n, act0.clone(), hpn.clone());
                float[] h = h0.clone(), dh = dh0.clone(), dxp = new float[3 * n + 1], dhp = new float[3 * n + 2];
                math.state(m, row, xp, 4, h, n, 2 * n);
                math.backward(m, row, h, n, dh, 2, dxp, 1, dhp, 2);
                results[v] = concat(m.act(), h, dh, dxp, dhp);
            }
            assertArrayEquals(results[0], results[1], "GRU, H = " + n);
        }
    }

    @Test
    void thePlainLstmIsItsEquations() {
        int n = 5;
        float[] gates = gates(4 * n), c = uniform(2 * n, 2), h = new float[n];
        LstmMath.Cache m = new LstmMath.Cache(n, gates, c, new float[n], new float[n]);
        new PlainLstm(naive).state(m, 0, 0, n, h, 0);
        for (int j = 0; j < n; j++) {
            double cj = gates[n + j] * c[j] + gates[j] * gates[2 * n + j];
            assertTrue(Math.abs(c[n + j] - cj) < 1e-6 && Math.abs(h[j] - gates[3 * n + j] * Math.tanh(cj)) < 1e-6, "unit " + j);
        }
    }

    @Test
    void thePlainGruIsItsEquations() {
        int n = 5;
        float[] act = gates(3 * n), hpn = uniform(n, 2), xp = uniform(n, 2), h = uniform(2 * n, 1);
        new PlainGru(naive).state(new GruMath.Cache(n, act, hpn), 0, xp, 0, h, 0, n);
        for (int j = 0; j < n; j++) {
            double r = act[j], z = act[n + j], cand = Math.tanh(xp[j] + r * hpn[j]);
            assertTrue(Math.abs(act[2 * n + j] - cand) < 1e-6 && Math.abs(h[n + j] - ((1 - z) * cand + z * h[j])) < 1e-6, "unit " + j);
        }
    }

    /** Activated gates: sigmoids in (0, 1) and, every third block of n, tanh values in (-1, 1); here all in (-1, 1). */
    private float[] gates(int size) {
        float[] g = uniform(size, 1);
        for (int i = 0; i < size; i++) g[i] = 0.5f + 0.49f * g[i];
        return g;
    }

    private float[] uniform(int n, float bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        return v;
    }

    private static float[] concat(float[]... parts) {
        int size = 0;
        for (float[] p : parts) size += p.length;
        float[] out = new float[size];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
