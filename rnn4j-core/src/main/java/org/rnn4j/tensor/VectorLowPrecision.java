package org.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API product with a low-precision b ({@link Kernels#matmulAdd(float[], int, LowPrecision.Columns, float[], int, int)})
 * on its interleaved layout: one load of L ints widens to two vectors of floats (bf16: the low half shifted up, the
 * high half masked) or four (int8: each byte moved to the top and masked, then converted; the value is q·2^24, exact,
 * and 2^-24 joins the scale at the end). Each lane multiplies its column into its accumulator with FMA, p in increasing
 * order, as the plain kernel does, so the bits are the same. A batch of one keeps four accumulators in flight, so
 * the FMAs do not wait on each other; larger batches take several rows per widened load.
 */
final class VectorLowPrecision {
    private static final VectorSpecies<Float> F = VectorMath.S;
    private static final int L = VectorMath.L;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int GROUP = LowPrecision.Columns.GROUP, TOP = 0xFF000000, HIGH = 0xFFFF0000;
    private static final float UNSCALE = 0x1p-24f;

    private VectorLowPrecision() {}

    static void matmulAdd(float[] a, int aOff, LowPrecision.Columns b, float[] c, int cOff, int m) {
        int from = 0;
        if (L <= GROUP) {
            if (b instanceof LowPrecision.Columns.Int8 q) {
                int8(a, aOff, q, c, cOff, m);
                from = q.packed();
            } else {
                LowPrecision.Columns.Bf16 h = (LowPrecision.Columns.Bf16) b;
                bf16(a, aOff, h, c, cOff, m);
                from = h.packed();
            }
        }
        if (from < b.n()) LowPrecision.Columns.multiplyAdd(a, aOff, b, c, cOff, m, from);   // the columns the layout leaves out
    }

    // ------------------------------------------------------------------------------------------------ int8

    /** Units of L lanes: lane group g of the block at column j0; each unit's ints widen to 4 vectors of columns. */
    private static void int8(float[] a, int aOff, LowPrecision.Columns.Int8 q, float[] c, int cOff, int m) {
        int k = q.k(), n = q.n(), packed = q.packed();
        for (int j0 = 0; j0 < packed; j0 += 4 * GROUP) {
            for (int g = 0; g < GROUP; g += L) {
                int i = 0;
                for (; i + 2 <= m; i += 2) int8Rows2(a, aOff + i * k, q, c, cOff + i * n, j0, g);
                for (; i < m; i++) int8Row1(a, aOff + i * k, q, c, cOff + i * n, j0, g);
            }
        }
    }

    private static IntVector quads(LowPrecision.Columns.Int8 q, int p, int j0, int g) {
        return IntVector.fromArray(I, q.quads(), (p * q.packed() + j0) / 4 + g);
    }

    /** Byte b of each lane as a float: q·2^24. */
    private static FloatVector byteOf(IntVector v, int b) {
        IntVector top = b == 3 ? v.lanewise(VectorOperators.AND, TOP) : b == 0 ? v.lanewise(VectorOperators.LSHL, 24)
                : v.lanewise(VectorOperators.LSHL, 24 - 8 * b).lanewise(VectorOperators.AND, TOP);
        return (FloatVector) top.convert(VectorOperators.I2F, 0);
    }

    private static void int8Row1(float[] a, int aRow, LowPrecision.Columns.Int8 q, float[] c, int cRow, int j0, int g) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < q.k(); p++) {
            IntVector v = quads(q, p, j0, g);
            FloatVector x = FloatVector.broadcast(F, a[aRow + p]);
            c0 = x.fma(byteOf(v, 0), c0);
            c1 = x.fma(byteOf(v, 1), c1);
            c2 = x.fma(byteOf(v, 2), c2);
            c3 = x.fma(byteOf(v, 3), c3);
        }
        int j = j0 + g;
        storeInt8(c0, q, c, cRow, j);
        storeInt8(c1, q, c, cRow, j + GROUP);
        storeInt8(c2, q, c, cRow, j + 2 * GROUP);
        storeInt8(c3, q, c, cRow, j + 3 * GROUP);
    }

    private static void int8Rows2(float[] a, int aRow, LowPrecision.Columns.Int8 q, float[] c, int cRow, int j0, int g) {
        int k = q.k(), n = q.n();
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        for (int p = 0; p < k; p++) {
            IntVector v = quads(q, p, j0, g);
            FloatVector x = FloatVector.broadcast(F, a[aRow + p]), y = FloatVector.broadcast(F, a[aRow + k + p]);
            FloatVector w0 = byteOf(v, 0), w1 = byteOf(v, 1), w2 = byteOf(v, 2), w3 = byteOf(v, 3);
            c0 = x.fma(w0, c0);
            c1 = x.fma(w1, c1);
            c2 = x.fma(w2, c2);
            c3 = x.fma(w3, c3);
            d0 = y.fma(w0, d0);
            d1 = y.fma(w1, d1);
            d2 = y.fma(w2, d2);
            d3 = y.fma(w3, d3);
        }
        int j = j0 + g;
        storeInt8(c0, q, c, cRow, j);
        storeInt8(c1, q, c, cRow, j + GROUP);
        storeInt8(c2, q, c, cRow, j + 2 * GROUP);
        storeInt8(c3, q, c, cRow, j + 3 * GROUP);
        storeInt8(d0, q, c, cRow + n, j);
        storeInt8(d1, q, c, cRow + n, j + GROUP);
        storeInt8(d2, q, c, cRow + n, j + 2 * GROUP);
        storeInt8(d3, q, c, cRow + n, j + 3 * GROUP);
    }

    /** c[row, j..j+L) += acc · scale · 2^-24 (the same bits as the plain kernel's sum · scale: 2^24 scales exactly). */
    private static void storeInt8(FloatVector acc, LowPrecision.Columns.Int8 q, float[] c, int cRow, int j) {
        acc.mul(FloatVector.fromArray(F, q.scale(), j)).mul(UNSCALE).add(FloatVector.fromArray(F, c, cRow + j)).intoArray(c, cRow + j);
    }

    // ------------------------------------------------------------------------------------------------ bf16

    /** Units of L lanes: lane group g of the block at column j0; each unit's ints widen to 2 vectors of columns. */
    private static void bf16(float[] a, int aOff, LowPrecision.Columns.Bf16 h, float[] c, int cOff, int m) {
        int k = h.k(), n = h.n(), packed = h.packed(), units = packed / 2 / L;
        int i = 0;
        for (; i + 4 <= m; i += 4) for (int u = 0; u < units; u++) bf16Rows4(a, aOff + i * k, h, c, cOff + i * n, u);
        for (; i < m; i++) {
            int u = 0;
            for (; u + 2 <= units; u += 2) bf16Row1(a, aOff + i * k, h, c, cOff + i * n, u, u + 1);
            if (u < units) bf16Row1(a, aOff + i * k, h, c, cOff + i * n, u, -1);
        }
    }

    /** Unit u's ints of row p: block j0 = u / (GROUP / L) · 2·GROUP, lane group (u % (GROUP / L)) · L. */
    private static IntVector pairs(LowPrecision.Columns.Bf16 h, int p, int u) {
        return IntVector.fromArray(I, h.pairs(), p * h.packed() / 2 + u * L);
    }

    /** The first column of unit u's low halves; its high halves are GROUP columns on. */
    private static int column(int u) {
        int perBlock = GROUP / L;
        return u / perBlock * 2 * GROUP + u % perBlock * L;
    }

    private static FloatVector low(IntVector v) { return v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(); }

    private static FloatVector high(IntVector v) { return v.and(IntVector.broadcast(I, HIGH)).reinterpretAsFloats(); }

    /** One row of a by unit u and, when v ≥ 0, unit v: four accumulators in flight. */
    private static void bf16Row1(float[] a, int aRow, LowPrecision.Columns.Bf16 h, float[] c, int cRow, int u, int v) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < h.k(); p++) {
            FloatVector x = FloatVector.broadcast(F, a[aRow + p]);
            IntVector w = pairs(h, p, u);
            c0 = x.fma(low(w), c0);
            c1 = x.fma(high(w), c1);
            if (v >= 0) {
                IntVector z = pairs(h, p, v);
                c2 = x.fma(low(z), c2);
                c3 = x.fma(high(z), c3);
            }
        }
        store(c0, c, cRow + column(u));
        store(c1, c, cRow + column(u) + GROUP);
        if (v >= 0) {
            store(c2, c, cRow + column(v));
            store(c3, c, cRow + column(v) + GROUP);
        }
    }

    /** Four rows of a by unit u. */
    private static void bf16Rows4(float[] a, int aRow, LowPrecision.Columns.Bf16 h, float[] c, int cRow, int u) {
        int k = h.k(), n = h.n();
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        for (int p = 0; p < k; p++) {
            IntVector w = pairs(h, p, u);
            FloatVector lo = low(w), hi = high(w);
            FloatVector x0 = FloatVector.broadcast(F, a[aRow + p]), x1 = FloatVector.broadcast(F, a[aRow + k + p]);
            FloatVector x2 = FloatVector.broadcast(F, a[aRow + 2 * k + p]), x3 = FloatVector.broadcast(F, a[aRow + 3 * k + p]);
            c0 = x0.fma(lo, c0);
            d0 = x0.fma(hi, d0);
            c1 = x1.fma(lo, c1);
            d1 = x1.fma(hi, d1);
            c2 = x2.fma(lo, c2);
            d2 = x2.fma(hi, d2);
            c3 = x3.fma(lo, c3);
            d3 = x3.fma(hi, d3);
        }
        int j = column(u);
        store(c0, c, cRow + j);
        store(d0, c, cRow + j + GROUP);
        store(c1, c, cRow + n + j);
        store(d1, c, cRow + n + j + GROUP);
        store(c2, c, cRow + 2 * n + j);
        store(d2, c, cRow + 2 * n + j + GROUP);
        store(c3, c, cRow + 3 * n + j);
        store(d3, c, cRow + 3 * n + j + GROUP);
    }

    private static void store(FloatVector acc, float[] c, int at) {
        acc.add(FloatVector.fromArray(F, c, at)).intoArray(c, at);
    }
}
