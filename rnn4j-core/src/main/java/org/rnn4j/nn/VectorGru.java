package org.rnn4j.nn;

import static org.rnn4j.tensor.VectorMath.L;
import static org.rnn4j.tensor.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.VectorMath;

/**
 * {@link PlainGru}'s math on the Vector API, one pass over the row with the reference's operations in its order, so
 * the same bits; the tail of a row by the reference's formulas. Loaded only with the Vector API kernels.
 */
final class VectorGru implements GruMath {
    private final Kernels k;

    VectorGru(Kernels k) {
        this.k = k;
    }

    @Override
    public void state(Cache m, int row, float[] xp, int xnOff, float[] h, int hPrev, int hNext) {
        int n = m.hidden(), aOff = row * 3 * n, hnOff = row * n;
        float[] act = m.act(), hpn = m.hpn();
        int j = 0;
        for (; j + L <= n; j += L) {
            int a = aOff + j;
            FloatVector r = FloatVector.fromArray(S, act, a), z = FloatVector.fromArray(S, act, a + n);
            FloatVector nv = VectorMath.tanh(FloatVector.fromArray(S, xp, xnOff + j).add(r.mul(FloatVector.fromArray(S, hpn, hnOff + j))));
            nv.intoArray(act, a + 2 * n);
            z.neg().add(1f).mul(nv).add(z.mul(FloatVector.fromArray(S, h, hPrev + j))).intoArray(h, hNext + j);
        }
        if (j < n) {
            for (int u = j; u < n; u++) act[aOff + 2 * n + u] = xp[xnOff + u] + act[aOff + u] * hpn[hnOff + u];
            k.tanh(act, aOff + 2 * n + j, act, aOff + 2 * n + j, n - j);
            for (int u = j; u < n; u++) {
                float z = act[aOff + n + u], nj = act[aOff + 2 * n + u];
                h[hNext + u] = (1f - z) * nj + z * h[hPrev + u];
            }
        }
    }

    @Override
    public void backward(Cache m, int row, float[] h, int hPrevOff, float[] dh, int dhOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        int n = m.hidden(), aOff = row * 3 * n, hnOff = row * n;
        float[] act = m.act(), hpn = m.hpn();
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= n; j += L) {
            int a = aOff + j, x = dxpOff + j, y = dhpOff + j;
            FloatVector r = FloatVector.fromArray(S, act, a), z = FloatVector.fromArray(S, act, a + n), nv = FloatVector.fromArray(S, act, a + 2 * n);
            FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + j);
            FloatVector dan = dhv.mul(one.sub(z)).mul(one.sub(nv.mul(nv)));
            FloatVector dz = dhv.mul(FloatVector.fromArray(S, h, hPrevOff + j).sub(nv)).mul(z.mul(z.neg().add(1f)));
            FloatVector dr = dan.mul(FloatVector.fromArray(S, hpn, hnOff + j)).mul(r.mul(r.neg().add(1f)));
            dhv.mul(z).intoArray(dh, dhOff + j);
            dr.intoArray(dxp, x); dz.intoArray(dxp, x + n); dan.intoArray(dxp, x + 2 * n);
            dr.intoArray(dhp, y); dz.intoArray(dhp, y + n); dan.mul(r).intoArray(dhp, y + 2 * n);
        }
        for (; j < n; j++) {
            float dhj = dh[dhOff + j], r = act[aOff + j], z = act[aOff + n + j], nj = act[aOff + 2 * n + j];
            float dan = dhj * (1f - z) * (1f - nj * nj);
            float dz = dhj * (h[hPrevOff + j] - nj) * (z * (1f - z));
            float dr = dan * hpn[hnOff + j] * (r * (1f - r));
            dh[dhOff + j] = dhj * z;
            dxp[dxpOff + j] = dhp[dhpOff + j] = dr;
            dxp[dxpOff + n + j] = dhp[dhpOff + n + j] = dz;
            dxp[dxpOff + 2 * n + j] = dan;
            dhp[dhpOff + 2 * n + j] = dan * r;
        }
    }
}
