package org.rnn4j.nn;

import static org.rnn4j.tensor.VectorMath.L;
import static org.rnn4j.tensor.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.rnn4j.tensor.Kernels;

/**
 * {@link MinimalGates.MinGru}'s and {@link MinimalGates.MinLstm}'s math on the Vector API: the kernels' σ of the whole
 * step first, as the reference, then one pass with the reference's operations in its order, so the same bits; a row
 * whose H is not a whole number of vectors goes to the reference. Loaded only with the Vector API kernels. (σ inlined
 * into the pass made a method C2 would not compile whole: 32% of a minGRU training step's samples in it, against 5%.)
 */
final class VectorMinimal implements MinimalGates {
    private final MinimalGates plain;
    private final Kernels k;
    private final boolean gru;

    VectorMinimal(MinimalGates plain, Kernels k) {
        this.plain = plain;
        this.k = k;
        this.gru = plain instanceof MinGru;
    }

    @Override public int gates() { return plain.gates(); }

    /** g(x) from x and s = σ(x): x + ½ where x ≥ 0. */
    private static FloatVector g(FloatVector x, FloatVector s, VectorMask<Float> positive) {
        return s.blend(x.add(0.5f), positive);
    }

    /** g'(x) from s = σ(x): 1 where x ≥ 0. */
    private static FloatVector dg(FloatVector s, VectorMask<Float> positive) {
        return s.mul(FloatVector.broadcast(S, 1f).sub(s)).blend(1f, positive);
    }

    @Override
    public void forward(float[] p, int pOff, float[] a, int aOff, float[] v, int vOff, int n, float[] scratch) {
        if (n % L != 0) {
            plain.forward(p, pOff, a, aOff, v, vOff, n, scratch);
            return;
        }
        FloatVector one = FloatVector.broadcast(S, 1f);
        int last = gru ? n : 2 * n;                               // where p_h starts
        k.sigmoid(p, pOff, scratch, 0, last + n);
        for (int j = 0; j < n; j += L) {
            FloatVector x = FloatVector.fromArray(S, p, pOff + last + j);
            FloatVector gh = g(x, FloatVector.fromArray(S, scratch, last + j), x.compare(VectorOperators.GE, 0f));
            FloatVector first = FloatVector.fromArray(S, scratch, j);
            if (gru) {                                           // first = z
                one.sub(first).intoArray(a, aOff + j);
                first.mul(gh).intoArray(v, vOff + j);
            } else {                                             // first = f
                FloatVector i = FloatVector.fromArray(S, scratch, n + j), sum = first.add(i);
                first.div(sum).intoArray(a, aOff + j);
                i.div(sum).mul(gh).intoArray(v, vOff + j);
            }
        }
    }

    @Override
    public void backward(float[] p, int pOff, float[] g, int gOff, float[] h, int hOff, float[] dp, int dpOff, int n) {
        if (n % L != 0) {
            plain.backward(p, pOff, g, gOff, h, hOff, dp, dpOff, n);
            return;
        }
        FloatVector one = FloatVector.broadcast(S, 1f);
        int last = gru ? n : 2 * n;
        k.sigmoid(p, pOff, dp, dpOff, last + n);
        for (int j = 0; j < n; j += L) {
            FloatVector x = FloatVector.fromArray(S, p, pOff + last + j), s = FloatVector.fromArray(S, dp, dpOff + last + j);
            VectorMask<Float> positive = x.compare(VectorOperators.GE, 0f);
            FloatVector gj = FloatVector.fromArray(S, g, gOff + j), hPrev = FloatVector.fromArray(S, h, hOff + j);
            FloatVector first = FloatVector.fromArray(S, dp, dpOff + j);
            if (gru) {
                FloatVector dz = gj.mul(g(x, s, positive).sub(hPrev));
                dz.mul(first).mul(one.sub(first)).intoArray(dp, dpOff + j);
                gj.mul(first).mul(dg(s, positive)).intoArray(dp, dpOff + n + j);
            } else {
                FloatVector f = first, i = FloatVector.fromArray(S, dp, dpOff + n + j), sum = f.add(i);
                FloatVector q = gj.mul(hPrev.sub(g(x, s, positive))).div(sum.mul(sum));
                q.mul(i).mul(f).mul(one.sub(f)).intoArray(dp, dpOff + j);
                q.neg().mul(f).mul(i).mul(one.sub(i)).intoArray(dp, dpOff + n + j);
                gj.mul(i.div(sum)).mul(dg(s, positive)).intoArray(dp, dpOff + 2 * n + j);
            }
        }
    }
}
