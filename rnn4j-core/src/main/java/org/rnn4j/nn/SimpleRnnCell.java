package org.rnn4j.nn;

import java.util.Arrays;
import org.rnn4j.tensor.Kernels;

/**
 * The Elman cell of the course: {@code h_t = f(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh)}, f = tanh or relu.
 * Backward needs only h_t, which the layer keeps, so this cell caches nothing.
 */
final class SimpleRnnCell implements Cell {
    private final int hidden;
    private final Activation f;
    private final Kernels k;

    SimpleRnnCell(int hidden, Activation f, Kernels k) {
        this.hidden = hidden;
        this.f = f;
        this.k = k;
    }

    @Override public int hidden() { return hidden; }

    @Override public int gateWidth() { return hidden; }

    @Override public void resize(int steps, int kept, int batch) {}

    @Override
    public void forward(int t, int b, float[] xp, int xpOff, float[] hp, int hpOff, float[] h, int hPrevOff, int hNextOff) {
        for (int j = 0; j < hidden; j++) h[hNextOff + j] = xp[xpOff + j] + hp[hpOff + j];
        f.apply(k, h, hNextOff, h, hNextOff, hidden);
    }

    @Override
    public void backward(int t, int b, float[] h, int hPrevOff, int hNextOff, float[] dh, int dhOff,
                         float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        f.backward(k, h, hNextOff, dh, dhOff, dxp, dxpOff, hidden);   // backprop through f
        System.arraycopy(dxp, dxpOff, dhp, dhpOff, hidden);             // the sum feeds both projections
        Arrays.fill(dh, dhOff, dhOff + hidden, 0f);                     // h_{t-1} is reached only through W_hh
    }
}
