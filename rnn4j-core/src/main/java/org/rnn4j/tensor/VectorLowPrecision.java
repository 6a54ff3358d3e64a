package org.rnn4j.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API product with a low-precision b ({@link Kernels#matmulAdd(float[], int, LowPrecision.Columns, float[], int, int)}):
 * a vector of b's columns is loaded as L bytes (int8) or L shorts (bf16) and widened to L floats (int8: sign-extended
 * and converted; bf16: sign-extended to int, shifted up 16 bits and read as floats), then multiplied into the
 * accumulators with FMA, one lane per column and p in increasing order, as the plain kernel. A batch of one (the
 * recurrent step of a single sequence) keeps four column vectors in flight, so the FMAs do not wait on each other;
 * larger batches take four rows per widened vector, so that each widening serves four FMAs.
 */
final class VectorLowPrecision {
    private static final VectorSpecies<Float> F = VectorMath.S;
    private static final int L = VectorMath.L;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    private VectorLowPrecision() {}

    static void matmulAdd(float[] a, int aOff, LowPrecision.Columns b, float[] c, int cOff, int m) {
        int n = b.n(), vectors = n / L;
        int i = 0;
        for (; i + 4 <= m; i += 4) for (int v = 0; v < vectors; v++) rows4(a, aOff + i * b.k(), b, c, cOff + i * n, v * L);
        for (; i < m; i++) {
            int v = 0;
            for (; v + 4 <= vectors; v += 4) row1x4(a, aOff + i * b.k(), b, c, cOff + i * n, v * L);
            for (; v < vectors; v++) rows1(a, aOff + i * b.k(), b, c, cOff + i * n, v * L);
        }
        if (vectors * L < n) tail(a, aOff, b, c, cOff, m, vectors * L);
    }

    /** b[p, j..j+L) as floats. */
    private static FloatVector load(LowPrecision.Columns b, int p, int j) {
        int at = p * b.n() + j;
        if (b instanceof LowPrecision.Columns.Int8 q) return (FloatVector) ByteVector.fromArray(B, q.q(), at).convertShape(VectorOperators.B2F, F, 0);
        IntVector wide = (IntVector) ShortVector.fromArray(S, ((LowPrecision.Columns.Bf16) b).bits(), at).convertShape(VectorOperators.S2I, I, 0);
        return wide.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** c[i, j..j+L) += acc, times the columns' scales for int8. */
    private static void store(FloatVector acc, LowPrecision.Columns b, float[] c, int at, int j) {
        if (b instanceof LowPrecision.Columns.Int8 q) acc = acc.mul(FloatVector.fromArray(F, q.scale(), j));
        acc.add(FloatVector.fromArray(F, c, at)).intoArray(c, at);
    }

    /** Four rows of a (k apart from aRow) by one vector of columns from j. */
    private static void rows4(float[] a, int aRow, LowPrecision.Columns b, float[] c, int cRow, int j) {
        int k = b.k(), n = b.n();
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            FloatVector w = load(b, p, j);
            c0 = FloatVector.broadcast(F, a[aRow + p]).fma(w, c0);
            c1 = FloatVector.broadcast(F, a[aRow + k + p]).fma(w, c1);
            c2 = FloatVector.broadcast(F, a[aRow + 2 * k + p]).fma(w, c2);
            c3 = FloatVector.broadcast(F, a[aRow + 3 * k + p]).fma(w, c3);
        }
        store(c0, b, c, cRow + j, j);
        store(c1, b, c, cRow + n + j, j);
        store(c2, b, c, cRow + 2 * n + j, j);
        store(c3, b, c, cRow + 3 * n + j, j);
    }

    /** One row of a by four vectors of columns from j. */
    private static void row1x4(float[] a, int aRow, LowPrecision.Columns b, float[] c, int cRow, int j) {
        int k = b.k();
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(F, a[aRow + p]);
            c0 = x.fma(load(b, p, j), c0);
            c1 = x.fma(load(b, p, j + L), c1);
            c2 = x.fma(load(b, p, j + 2 * L), c2);
            c3 = x.fma(load(b, p, j + 3 * L), c3);
        }
        store(c0, b, c, cRow + j, j);
        store(c1, b, c, cRow + j + L, j + L);
        store(c2, b, c, cRow + j + 2 * L, j + 2 * L);
        store(c3, b, c, cRow + j + 3 * L, j + 3 * L);
    }

    /** One row of a by one vector of columns from j. */
    private static void rows1(float[] a, int aRow, LowPrecision.Columns b, float[] c, int cRow, int j) {
        FloatVector acc = FloatVector.zero(F);
        for (int p = 0; p < b.k(); p++) acc = FloatVector.broadcast(F, a[aRow + p]).fma(load(b, p, j), acc);
        store(acc, b, c, cRow + j, j);
    }

    /** Columns [from, n) of every row, one at a time, with the plain kernel's sums. */
    private static void tail(float[] a, int aOff, LowPrecision.Columns b, float[] c, int cOff, int m, int from) {
        int k = b.k(), n = b.n();
        for (int i = 0; i < m; i++) {
            for (int j = from; j < n; j++) {
                float acc = 0f;
                if (b instanceof LowPrecision.Columns.Int8 q) {
                    for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * k + p], q.q()[p * n + j], acc);
                    c[cOff + i * n + j] += acc * q.scale()[j];
                } else {
                    short[] bits = ((LowPrecision.Columns.Bf16) b).bits();
                    for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * k + p], LowPrecision.Bf16.widen(bits[p * n + j]), acc);
                    c[cOff + i * n + j] += acc;
                }
            }
        }
    }
}
