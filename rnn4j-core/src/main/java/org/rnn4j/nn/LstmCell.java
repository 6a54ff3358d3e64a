package org.rnn4j.nn;

import java.util.Arrays;
import org.rnn4j.tensor.Kernels;

/**
 * LSTM step with PyTorch's gate order i, f, g, o:
 * {@code c_t = f*c_{t-1} + i*g}, {@code h_t = o*tanh(c_t)}. Caches the gate activations [kept, B, 4H], the cell
 * states [kept+1, B, H] (entry 0 is c_0) and tanh(c_t) [kept, B, H]; backward carries ∂L/∂c [B, H] between steps.
 */
final class LstmCell implements Cell {
    private final int hidden;
    private final Kernels k;
    private final LstmMath math;
    private int steps = -1, kept = -1, batch = -1, rowCapacity, batchCapacity;
    private LstmMath.Cache cache;

    LstmCell(int hidden, Kernels k) {
        this.hidden = hidden;
        this.k = k;
        this.math = LstmMath.of(k);
    }

    @Override public int hidden() { return hidden; }

    @Override public int gateWidth() { return 4 * hidden; }

    /** c, the cell state. */
    @Override public int carried() { return 1; }

    @Override
    public void resize(int steps, int kept, int batch) {
        this.steps = steps;
        this.kept = kept;
        this.batch = batch;
        if (kept * batch <= rowCapacity && batch <= batchCapacity) return;
        rowCapacity = Math.max(kept * batch, rowCapacity);
        batchCapacity = Math.max(batch, batchCapacity);
        cache = new LstmMath.Cache(hidden, new float[rowCapacity * 4 * hidden], new float[(rowCapacity + batchCapacity) * hidden],
                new float[rowCapacity * hidden], new float[batchCapacity * hidden]);
    }

    @Override
    public void setInitial(int state, float[] c0, int b0, int b1) {
        if (c0 == null) Arrays.fill(cache.c(), b0 * hidden, b1 * hidden, 0f);
        else System.arraycopy(c0, b0 * hidden, cache.c(), b0 * hidden, (b1 - b0) * hidden);
    }

    @Override
    public float[] last(int state) {
        int from = cRow(steps, 0);
        return Arrays.copyOfRange(cache.c(), from, from + batch * hidden);
    }

    @Override
    public void forward(int t, int b, float[] xp, int xpOff, float[] hp, int hpOff, float[] h, int hPrevOff, int hNextOff) {
        int H = hidden, row = t % kept * batch + b, g = row * 4 * H;
        k.sigmoidOfSum(xp, xpOff, hp, hpOff, cache.gates(), g, 2 * H);                            // i, f
        k.tanhOfSum(xp, xpOff + 2 * H, hp, hpOff + 2 * H, cache.gates(), g + 2 * H, H);          // g
        k.sigmoidOfSum(xp, xpOff + 3 * H, hp, hpOff + 3 * H, cache.gates(), g + 3 * H, H);       // o
        math.state(cache, row, cRow(t, b), cRow(t + 1, b), h, hNextOff);                 // c = f*c + i*g, h = o*tanh(c)
    }

    @Override
    public void skip(int t, int b) {
        System.arraycopy(cache.c(), cRow(t, b), cache.c(), cRow(t + 1, b), hidden);
    }

    /** Where c of row b before step t is: slot t of T + 1 when all steps are kept, else of two in turn. */
    private int cRow(int t, int b) {
        return (t % (kept + 1) * batch + b) * hidden;
    }

    @Override
    public void beginBackward(int state, float[] dcLast) {
        if (dcLast == null) Arrays.fill(cache.dc(), 0f);
        else System.arraycopy(dcLast, 0, cache.dc(), 0, batch * hidden);
    }

    @Override
    public float[] initialGrad(int state) {
        return Arrays.copyOf(cache.dc(), batch * hidden);
    }

    @Override
    public void backward(int t, int b, float[] h, int hPrevOff, int hNextOff, float[] dh, int dhOff,
                         float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        math.backward(cache, t * batch + b, b, dh, dhOff, dxp, dxpOff, dhp, dhpOff);     // all steps are kept for backward
    }
}
