package org.rnn4j.nn;

import static org.rnn4j.tensor.VectorMath.L;
import static org.rnn4j.tensor.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.VectorMath;

/**
 * {@link PlainLstm}'s math on the Vector API, one pass over the row with the reference's operations in its order (no
 * FMA contraction), so the same bits; the tail of a row by the reference's formulas. Loaded only with the Vector API
 * kernels.
 */
final class VectorLstm implements LstmMath {
    private final Kernels k;

    VectorLstm(Kernels k) {
        this.k = k;
    }

    @Override
    public void state(Cache m, int row, int cPrev, int cNext, float[] h, int hOff) {
        int n = m.hidden(), gOff = row * 4 * n, tcOff = row * n;
        float[] gates = m.gates(), c = m.c(), tanhC = m.tanhC();
        int j = 0;
        for (; j + L <= n; j += L) {
            int g = gOff + j;
            FloatVector ig = FloatVector.fromArray(S, gates, g), fg = FloatVector.fromArray(S, gates, g + n);
            FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * n), og = FloatVector.fromArray(S, gates, g + 3 * n);
            FloatVector cv = fg.mul(FloatVector.fromArray(S, c, cPrev + j)).add(ig.mul(gg));
            cv.intoArray(c, cNext + j);
            FloatVector tc = VectorMath.tanh(cv);
            tc.intoArray(tanhC, tcOff + j);
            og.mul(tc).intoArray(h, hOff + j);
        }
        if (j < n) {
            for (int u = j; u < n; u++) c[cNext + u] = gates[gOff + n + u] * c[cPrev + u] + gates[gOff + u] * gates[gOff + 2 * n + u];
            k.tanh(c, cNext + j, tanhC, tcOff + j, n - j);
            for (int u = j; u < n; u++) h[hOff + u] = gates[gOff + 3 * n + u] * tanhC[tcOff + u];
        }
    }

    @Override
    public void backward(Cache m, int row, int b, float[] dh, int dhOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff) {
        int n = m.hidden(), gOff = row * 4 * n, cPrev = row * n, tcOff = row * n, dcOff = b * n;
        float[] gates = m.gates(), c = m.c(), tanhC = m.tanhC(), dc = m.dc();
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        int j = 0;
        for (; j + L <= n; j += L) {
            int g = gOff + j, x = dxpOff + j, y = dhpOff + j;
            FloatVector ig = FloatVector.fromArray(S, gates, g), fg = FloatVector.fromArray(S, gates, g + n);
            FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * n), og = FloatVector.fromArray(S, gates, g + 3 * n);
            FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + j), th = FloatVector.fromArray(S, tanhC, tcOff + j);
            FloatVector dcv = FloatVector.fromArray(S, dc, dcOff + j).add(dhv.mul(og).mul(one.sub(th.mul(th))));
            FloatVector di = dcv.mul(gg).mul(ig.mul(ig.neg().add(1f)));
            FloatVector df = dcv.mul(FloatVector.fromArray(S, c, cPrev + j)).mul(fg.mul(fg.neg().add(1f)));
            FloatVector dg = dcv.mul(ig).mul(one.sub(gg.mul(gg)));
            FloatVector dO = dhv.mul(th).mul(og.mul(og.neg().add(1f)));
            dcv.mul(fg).intoArray(dc, dcOff + j);
            di.intoArray(dxp, x); df.intoArray(dxp, x + n); dg.intoArray(dxp, x + 2 * n); dO.intoArray(dxp, x + 3 * n);
            di.intoArray(dhp, y); df.intoArray(dhp, y + n); dg.intoArray(dhp, y + 2 * n); dO.intoArray(dhp, y + 3 * n);
            zero.intoArray(dh, dhOff + j);
        }
        for (; j < n; j++) {
            float dhj = dh[dhOff + j], th = tanhC[tcOff + j];
            float ig = gates[gOff + j], fg = gates[gOff + n + j], gg = gates[gOff + 2 * n + j], og = gates[gOff + 3 * n + j];
            float dcj = dc[dcOff + j] + dhj * og * (1f - th * th);
            dxp[dxpOff + j] = dhp[dhpOff + j] = dcj * gg * (ig * (1f - ig));
            dxp[dxpOff + n + j] = dhp[dhpOff + n + j] = dcj * c[cPrev + j] * (fg * (1f - fg));
            dxp[dxpOff + 2 * n + j] = dhp[dhpOff + 2 * n + j] = dcj * ig * (1f - gg * gg);
            dxp[dxpOff + 3 * n + j] = dhp[dhpOff + 3 * n + j] = dhj * th * (og * (1f - og));
            dc[dcOff + j] = dcj * fg;
            dh[dhOff + j] = 0f;
        }
    }
}
