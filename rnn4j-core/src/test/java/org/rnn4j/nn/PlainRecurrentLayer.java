package org.rnn4j.nn;

/**
 * The reference a recurrent layer is checked against: one direction of one layer written out as the equations read,
 * one sequence and one step at a time, in double precision, with no kernels, no batching tricks and no workspace
 * reuse (min-char-rnn's style). PyTorch's definitions and gate order:
 *
 * <pre>
 * SimpleRNN  h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
 * LSTM       i, f, g, o = σ, σ, tanh, σ of (W_ih x_t + b_ih + W_hh h_{t-1} + b_hh);  c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 * GRU        r, z = σ(W_i· x_t + b_i· + W_h· h_{t-1} + b_h·);  n = tanh(W_in x_t + b_in + r (W_hn h_{t-1} + b_hn));  h_t = (1 - z) n + z h_{t-1}
 * </pre>
 *
 * Padding: sequence b has {@code lengths[b]} true steps; past them the output is 0, the state is carried and nothing
 * flows back. Backward is backpropagation through time, step by step in reverse.
 */
final class PlainRecurrentLayer {
    final CellType type;
    final int F, H, G;
    final double[] wIh, wHh, bIh, bHh;                   // [G, F], [G, H], [G], [G]
    final double[] dWIh, dWHh, dBIh, dBHh;

    // the latest forward, per row b and step t
    private int B, T;
    private int[] lengths;
    private double[][][] x, h, c, pre, act;            // x [B][T][F]; h, c [B][T+1][H] (index 0: the initial state); pre/act [B][T][G]
    private double[][][] hnPre;                          // GRU: W_hn h_{t-1} + b_hn [B][T][H]

    PlainRecurrentLayer(CellType type, int inputSize, int hidden, float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
        this.type = type;
        this.F = inputSize;
        this.H = hidden;
        this.G = type.gates() * hidden;
        this.wIh = doubles(weightIh);
        this.wHh = doubles(weightHh);
        this.bIh = doubles(biasIh);
        this.bHh = doubles(biasHh);
        this.dWIh = new double[G * F];
        this.dWHh = new double[G * H];
        this.dBIh = new double[G];
        this.dBHh = new double[G];
    }

    /**
     * @param x0 [B, T, F]; @param h0 and @param c0 [B, H] or null for zeros (c0: LSTM only)
     * @return out [B, T, H]; {@link #lastH} and {@link #lastC} hold the state at each row's last true step
     */
    double[] forward(float[] x0, int batch, int steps, int[] lengths, float[] h0, float[] c0) {
        this.B = batch;
        this.T = steps;
        this.lengths = lengths;
        x = new double[B][T][F];
        h = new double[B][T + 1][H];
        c = new double[B][T + 1][H];
        pre = new double[B][T][G];
        act = new double[B][T][G];
        hnPre = new double[B][T][H];
        double[] out = new double[B * T * H];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                h[b][0][j] = h0 == null ? 0 : h0[b * H + j];
                c[b][0][j] = c0 == null ? 0 : c0[b * H + j];
            }
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < F; i++) x[b][t][i] = x0[(b * T + t) * F + i];
                if (t >= lengths[b]) {
                    h[b][t + 1] = h[b][t].clone();
                    c[b][t + 1] = c[b][t].clone();
                    continue;
                }
                step(b, t);
                for (int j = 0; j < H; j++) out[(b * T + t) * H + j] = h[b][t + 1][j];
            }
        }
        return out;
    }

    private void step(int b, int t) {
        double[] xi = x[b][t], hPrev = h[b][t], a = pre[b][t], s = act[b][t];
        for (int gRow = 0; gRow < G; gRow++) {
            double fromX = bIh[gRow], fromH = bHh[gRow];
            for (int i = 0; i < F; i++) fromX += wIh[gRow * F + i] * xi[i];
            for (int j = 0; j < H; j++) fromH += wHh[gRow * H + j] * hPrev[j];
            if (type == CellType.GRU && gRow >= 2 * H) {
                hnPre[b][t][gRow - 2 * H] = fromH;
                a[gRow] = fromX;                                  // n's input part; r · (W_hn h + b_hn) is added below
            } else {
                a[gRow] = fromX + fromH;
            }
        }
        double[] hNext = h[b][t + 1], cNext = c[b][t + 1];
        switch (type) {
            case RNN_TANH, RNN_RELU -> {
                for (int j = 0; j < H; j++) s[j] = hNext[j] = type == CellType.RNN_TANH ? Math.tanh(a[j]) : Math.max(0, a[j]);
            }
            case LSTM -> {
                for (int j = 0; j < H; j++) {
                    double in = sigmoid(a[j]), forget = sigmoid(a[H + j]), g = Math.tanh(a[2 * H + j]), o = sigmoid(a[3 * H + j]);
                    s[j] = in;
                    s[H + j] = forget;
                    s[2 * H + j] = g;
                    s[3 * H + j] = o;
                    cNext[j] = forget * c[b][t][j] + in * g;
                    hNext[j] = o * Math.tanh(cNext[j]);
                }
            }
            case GRU -> {
                for (int j = 0; j < H; j++) {
                    double r = sigmoid(a[j]), z = sigmoid(a[H + j]), n = Math.tanh(a[2 * H + j] + r * hnPre[b][t][j]);
                    s[j] = r;
                    s[H + j] = z;
                    s[2 * H + j] = n;
                    hNext[j] = (1 - z) * n + z * hPrev[j];
                }
            }
        }
    }

    double[] lastH() {
        double[] out = new double[B * H];
        for (int b = 0; b < B; b++) System.arraycopy(h[b][T], 0, out, b * H, H);
        return out;
    }

    double[] lastC() {
        double[] out = new double[B * H];
        for (int b = 0; b < B; b++) System.arraycopy(c[b][T], 0, out, b * H, H);
        return out;
    }

    /** The gradients of the latest forward. */
    record Grads(double[] dx, double[] dh0, double[] dc0) {}

    /**
     * Backpropagation through time; adds into {@link #dWIh}, {@link #dWHh}, {@link #dBIh}, {@link #dBHh}.
     *
     * @param dOut [B, T, H] (ignored on padding steps); @param dLastH and @param dLastC [B, H] or null
     */
    Grads backward(float[] dOut, float[] dLastH, float[] dLastC) {
        double[] dx = new double[B * T * F], dh0 = new double[B * H], dc0 = new double[B * H];
        for (int b = 0; b < B; b++) {
            double[] dh = new double[H], dc = new double[H];
            for (int j = 0; j < H; j++) {
                dh[j] = dLastH == null ? 0 : dLastH[b * H + j];
                dc[j] = dLastC == null ? 0 : dLastC[b * H + j];
            }
            for (int t = T - 1; t >= 0; t--) {
                if (t >= lengths[b]) continue;                            // padding: the state passes through
                for (int j = 0; j < H; j++) dh[j] += dOut[(b * T + t) * H + j];
                double[] da = new double[G], dhnPre = new double[H], dhPrev = new double[H];
                double[] s = act[b][t], a = pre[b][t], hPrev = h[b][t];
                switch (type) {
                    case RNN_TANH -> { for (int j = 0; j < H; j++) da[j] = dh[j] * (1 - s[j] * s[j]); }
                    case RNN_RELU -> { for (int j = 0; j < H; j++) da[j] = a[j] > 0 ? dh[j] : 0; }
                    case LSTM -> {
                        for (int j = 0; j < H; j++) {
                            double in = s[j], forget = s[H + j], g = s[2 * H + j], o = s[3 * H + j], tc = Math.tanh(c[b][t + 1][j]);
                            double dcj = dc[j] + dh[j] * o * (1 - tc * tc);
                            da[j] = dcj * g * in * (1 - in);
                            da[H + j] = dcj * c[b][t][j] * forget * (1 - forget);
                            da[2 * H + j] = dcj * in * (1 - g * g);
                            da[3 * H + j] = dh[j] * tc * o * (1 - o);
                            dc[j] = dcj * forget;
                        }
                    }
                    case GRU -> {
                        for (int j = 0; j < H; j++) {
                            double r = s[j], z = s[H + j], n = s[2 * H + j];
                            double dn = dh[j] * (1 - z) * (1 - n * n);
                            da[2 * H + j] = dn;
                            dhnPre[j] = dn * r;
                            da[j] = dn * hnPre[b][t][j] * r * (1 - r);
                            da[H + j] = dh[j] * (hPrev[j] - n) * z * (1 - z);
                            dhPrev[j] = dh[j] * z;
                        }
                    }
                }
                for (int gRow = 0; gRow < G; gRow++) {
                    double dFromX = da[gRow];
                    double dFromH = type == CellType.GRU && gRow >= 2 * H ? dhnPre[gRow - 2 * H] : da[gRow];
                    dBIh[gRow] += dFromX;
                    dBHh[gRow] += dFromH;
                    for (int i = 0; i < F; i++) {
                        dWIh[gRow * F + i] += dFromX * x[b][t][i];
                        dx[(b * T + t) * F + i] += wIh[gRow * F + i] * dFromX;
                    }
                    for (int j = 0; j < H; j++) {
                        dWHh[gRow * H + j] += dFromH * hPrev[j];
                        dhPrev[j] += wHh[gRow * H + j] * dFromH;
                    }
                }
                dh = dhPrev;
            }
            System.arraycopy(dh, 0, dh0, b * H, H);
            System.arraycopy(dc, 0, dc0, b * H, H);
        }
        return new Grads(dx, dh0, dc0);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
