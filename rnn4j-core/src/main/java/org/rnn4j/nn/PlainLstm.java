package org.rnn4j.nn;

import java.util.Arrays;
import org.rnn4j.tensor.Kernels;

/** The LSTM's element-wise math as the equations read, element by element, with the kernels' activations. */
final class PlainLstm implements LstmMath {
    private final Kernels k;

    PlainLstm(Kernels k) {
        this.k = k;
    }

    @Override
    public void state(Cache m, int row, int cPrev, int cNext, float[] h, int hOff) {
        int n = m.hidden(), g = row * 4 * n, tc = row * n;
        float[] gates = m.gates(), c = m.c();
        for (int j = 0; j < n; j++) c[cNext + j] = gates[g + n + j] * c[cPrev + j] + gates[g + j] * gates[g + 2 * n + j];
        k.tanh(c, cNext, m.tanhC(), tc, n);
        for (int j = 0; j < n; j++) h[hOff + j] = gates[g + 3 * n + j] * m.tanhC()[tc + j];
    }

    @Override
    public void backward(Cache m, int row, int b, float[] dh, int dhOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        int n = m.hidden(), g = row * 4 * n, cPrev = row * n, dcOff = b * n;
        float[] gates = m.gates(), c = m.c(), tanhC = m.tanhC(), dc = m.dc();
        int i = dxpOff, f = i + n, gg = f + n, o = gg + n;
        for (int j = 0; j < n; j++) {
            float dhj = dh[dhOff + j], th = tanhC[cPrev + j];
            float og = gates[g + 3 * n + j];
            float dcj = dc[dcOff + j] + dhj * og * (1f - th * th);     // backprop through h = o*tanh(c)
            dxp[o + j] = dhj * th;                                      // do
            dxp[i + j] = dcj * gates[g + 2 * n + j];                    // di = dc*g
            dxp[gg + j] = dcj * gates[g + j];                           // dg = dc*i
            dxp[f + j] = dcj * c[cPrev + j];                            // df = dc*c_{t-1}
            dc[dcOff + j] = dcj * gates[g + n + j];                     // dc_{t-1} = dc*f
        }
        k.sigmoidBackward(gates, g, dxp, i, dxp, i, 2 * n);             // through sigmoid(i), sigmoid(f)
        k.tanhBackward(gates, g + 2 * n, dxp, gg, dxp, gg, n);          // through tanh(g)
        k.sigmoidBackward(gates, g + 3 * n, dxp, o, dxp, o, n);         // through sigmoid(o)
        System.arraycopy(dxp, dxpOff, dhp, dhpOff, 4 * n);
        Arrays.fill(dh, dhOff, dhOff + n, 0f);
    }
}
