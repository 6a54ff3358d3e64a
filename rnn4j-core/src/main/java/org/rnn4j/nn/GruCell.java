package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/**
 * GRU step with PyTorch's gate order r, z, n:
 * {@code r = σ(xp_r + hp_r)}, {@code z = σ(xp_z + hp_z)}, {@code n = tanh(xp_n + r*hp_n)},
 * {@code h_t = (1-z)*n + z*h_{t-1}}. Caches r, z, n [kept, B, 3H] and hp_n [kept, B, H].
 */
final class GruCell implements Cell {
    private final int hidden;
    private final Kernels k;
    private final GruMath math;
    private int steps = -1, kept = -1, batch = -1, rowCapacity;
    private GruMath.Cache cache;

    GruCell(int hidden, Kernels k) {
        this.hidden = hidden;
        this.k = k;
        this.math = GruMath.of(k);
    }

    @Override public int hidden() { return hidden; }

    @Override public int gateWidth() { return 3 * hidden; }

    @Override
    public void resize(int steps, int kept, int batch) {
        this.steps = steps;
        this.kept = kept;
        this.batch = batch;
        if (kept * batch <= rowCapacity) return;
        rowCapacity = kept * batch;
        cache = new GruMath.Cache(hidden, new float[rowCapacity * 3 * hidden], new float[rowCapacity * hidden]);
    }

    @Override
    public void forward(int t, int b, float[] xp, int xpOff, float[] hp, int hpOff, float[] h, int hPrevOff, int hNextOff) {
        int H = hidden, row = t % kept * batch + b, a = row * 3 * H, p = row * H;
        k.sigmoidOfSum(xp, xpOff, hp, hpOff, cache.act(), a, 2 * H);                                      // r, z
        System.arraycopy(hp, hpOff + 2 * H, cache.hpn(), p, H);
        math.state(cache, row, xp, xpOff + 2 * H, h, hPrevOff, hNextOff);                         // n, h = (1-z)*n + z*h
    }

    @Override
    public void backward(int t, int b, float[] h, int hPrevOff, int hNextOff, float[] dh, int dhOff,
                         float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        math.backward(cache, t * batch + b, h, hPrevOff, dh, dhOff, dxp, dxpOff, dhp, dhpOff);   // all steps are kept for backward
    }
}
