package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/** The GRU's element-wise math as the equations read, element by element, with the kernels' activations. */
final class PlainGru implements GruMath {
    private final Kernels k;

    PlainGru(Kernels k) {
        this.k = k;
    }

    @Override
    public void state(Cache m, int row, float[] xp, int xnOff, float[] h, int hPrev, int hNext) {
        int n = m.hidden(), a = row * 3 * n, hn = row * n;
        float[] act = m.act(), hpn = m.hpn();
        for (int j = 0; j < n; j++) act[a + 2 * n + j] = xp[xnOff + j] + act[a + j] * hpn[hn + j];
        k.tanh(act, a + 2 * n, act, a + 2 * n, n);
        for (int j = 0; j < n; j++) {
            float z = act[a + n + j], nj = act[a + 2 * n + j];
            h[hNext + j] = (1f - z) * nj + z * h[hPrev + j];
        }
    }

    @Override
    public void backward(Cache m, int row, float[] h, int hPrev, float[] dh, int dhOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        int n = m.hidden(), a = row * 3 * n, hn = row * n;
        float[] act = m.act(), hpn = m.hpn();
        int r = dxpOff, z = r + n, nn = z + n;
        for (int j = 0; j < n; j++) {
            float dhj = dh[dhOff + j], zj = act[a + n + j], nj = act[a + 2 * n + j];
            dxp[nn + j] = dhj * (1f - zj);                                         // dn
            dxp[z + j] = dhj * (h[hPrev + j] - nj);                                // dz
            dh[dhOff + j] = dhj * zj;                                              // direct path to h_{t-1}
        }
        k.tanhBackward(act, a + 2 * n, dxp, nn, dxp, nn, n);                       // through tanh(n)
        for (int j = 0; j < n; j++) {
            float dan = dxp[nn + j];
            dhp[dhpOff + 2 * n + j] = dan * act[a + j];                            // hp_n is scaled by r
            dxp[r + j] = dan * hpn[hn + j];                                        // dr
        }
        k.sigmoidBackward(act, a, dxp, r, dxp, r, 2 * n);                          // through sigmoid(r), sigmoid(z)
        System.arraycopy(dxp, r, dhp, dhpOff, 2 * n);
    }
}
