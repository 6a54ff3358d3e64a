package org.rnn4j.tensor;

import static org.rnn4j.tensor.VectorMath.L;
import static org.rnn4j.tensor.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM's micro-kernels on the Vector API: c[rows, vectors] (+)= A[rows, k0..k1] · a strip of b, with one FMA
 * chain per accumulator, each over k in increasing order starting from c's value (or zero), so every element is the
 * same fused sum whichever kernel computes it. A's element (i, p) is {@code a[aOff + i*ars + p*acs]}; row p of b's
 * strip starts at {@code bOff + p * ldb}; c's rows are n apart. {@link VectorGemm} picks the kernel for each block.
 */
final class GemmBlocks {
    private GemmBlocks() {}

    /**
     * A row of a packed product, four strips of 4L columns at once: c[0..16L] += a[k0..k1] · the strips, the q-th
     * strip's row p at {@code bOff + q * strideB + p * 4L}. Sixteen FMA chains, each in k's order (the sums of
     * {@link #block1x4}), and four streams in flight: a batch of one reads W_hh from L2 about a third faster than
     * with four chains.
     */
    static void block1x16(float[] a, int aOff, float[] b, int bOff, int strideB, float[] c, int cOff, int k0, int k1) {
        int w = 4 * L, o0 = bOff, o1 = bOff + strideB, o2 = bOff + 2 * strideB, o3 = bOff + 3 * strideB;
        FloatVector s0 = FloatVector.fromArray(S, c, cOff), s1 = FloatVector.fromArray(S, c, cOff + L);
        FloatVector s2 = FloatVector.fromArray(S, c, cOff + 2 * L), s3 = FloatVector.fromArray(S, c, cOff + 3 * L);
        FloatVector t0 = FloatVector.fromArray(S, c, cOff + 4 * L), t1 = FloatVector.fromArray(S, c, cOff + 5 * L);
        FloatVector t2 = FloatVector.fromArray(S, c, cOff + 6 * L), t3 = FloatVector.fromArray(S, c, cOff + 7 * L);
        FloatVector u0 = FloatVector.fromArray(S, c, cOff + 8 * L), u1 = FloatVector.fromArray(S, c, cOff + 9 * L);
        FloatVector u2 = FloatVector.fromArray(S, c, cOff + 10 * L), u3 = FloatVector.fromArray(S, c, cOff + 11 * L);
        FloatVector v0 = FloatVector.fromArray(S, c, cOff + 12 * L), v1 = FloatVector.fromArray(S, c, cOff + 13 * L);
        FloatVector v2 = FloatVector.fromArray(S, c, cOff + 14 * L), v3 = FloatVector.fromArray(S, c, cOff + 15 * L);
        for (int p = k0; p < k1; p++) {
            int q = p * w;
            FloatVector av = FloatVector.broadcast(S, a[aOff + p]);
            s0 = av.fma(FloatVector.fromArray(S, b, o0 + q), s0); s1 = av.fma(FloatVector.fromArray(S, b, o0 + q + L), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, o0 + q + 2 * L), s2); s3 = av.fma(FloatVector.fromArray(S, b, o0 + q + 3 * L), s3);
            t0 = av.fma(FloatVector.fromArray(S, b, o1 + q), t0); t1 = av.fma(FloatVector.fromArray(S, b, o1 + q + L), t1);
            t2 = av.fma(FloatVector.fromArray(S, b, o1 + q + 2 * L), t2); t3 = av.fma(FloatVector.fromArray(S, b, o1 + q + 3 * L), t3);
            u0 = av.fma(FloatVector.fromArray(S, b, o2 + q), u0); u1 = av.fma(FloatVector.fromArray(S, b, o2 + q + L), u1);
            u2 = av.fma(FloatVector.fromArray(S, b, o2 + q + 2 * L), u2); u3 = av.fma(FloatVector.fromArray(S, b, o2 + q + 3 * L), u3);
            v0 = av.fma(FloatVector.fromArray(S, b, o3 + q), v0); v1 = av.fma(FloatVector.fromArray(S, b, o3 + q + L), v1);
            v2 = av.fma(FloatVector.fromArray(S, b, o3 + q + 2 * L), v2); v3 = av.fma(FloatVector.fromArray(S, b, o3 + q + 3 * L), v3);
        }
        s0.intoArray(c, cOff); s1.intoArray(c, cOff + L); s2.intoArray(c, cOff + 2 * L); s3.intoArray(c, cOff + 3 * L);
        t0.intoArray(c, cOff + 4 * L); t1.intoArray(c, cOff + 5 * L); t2.intoArray(c, cOff + 6 * L); t3.intoArray(c, cOff + 7 * L);
        u0.intoArray(c, cOff + 8 * L); u1.intoArray(c, cOff + 9 * L); u2.intoArray(c, cOff + 10 * L); u3.intoArray(c, cOff + 11 * L);
        v0.intoArray(c, cOff + 12 * L); v1.intoArray(c, cOff + 13 * L); v2.intoArray(c, cOff + 14 * L); v3.intoArray(c, cOff + 15 * L);
    }

    /**
     * c[i..i+4, j..j+L] (+)= A[i..i+4, k0..k1] · b, for a strip of b one vector wide whose row p starts at
     * {@code bOff + p * ldb} and rows of c {@code n} apart: four chains where one row at a time had one.
     */
    static void block4x1(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector s0, s1, s2, s3;
        if (load) {
            s0 = FloatVector.fromArray(S, c, c0); s1 = FloatVector.fromArray(S, c, c1);
            s2 = FloatVector.fromArray(S, c, c2); s3 = FloatVector.fromArray(S, c, c3);
        } else {
            s0 = s1 = s2 = s3 = FloatVector.zero(S);
        }
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb);
            int ap = ai + p * acs;
            s0 = FloatVector.broadcast(S, a[ap]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, a[ap + ars]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(bv, s3);
        }
        s0.intoArray(c, c0); s1.intoArray(c, c1); s2.intoArray(c, c2); s3.intoArray(c, c3);
    }

    /**
     * Rows [0, m4) of a 4L strip (m4 a multiple of 4): six rows at a time while an even number of six-row blocks
     * fits, then four; every element is the same chain over k whichever kernel computes it.
     */
    static void strip4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                               int n, int m4, int j, int k0, int k1, boolean load) {
        int m12 = m4 - m4 % 12, i = 0;
        for (; i < m12; i += 6) block6x4(a, aOff, ars, acs, b, bOff, ldb, c, cOff, n, i, j, k0, k1, load);
        for (; i < m4; i += 4) block4x4(a, aOff, ars, acs, b, bOff, ldb, c, cOff, n, i, j, k0, k1, load);
    }

    /**
     * As {@link #block4x4} for six rows: 24 accumulators, four loads of b and six broadcasts of a per 24 FMAs, so
     * more FMAs per load and more independent chains for the two FMA pipes (one thread, against 4 x 4: 512³ 168-173
     * → 203-205 GFLOP/s, [640, 256] x [256, 1000] 168-170 → 198-199, [1280, 500]ᵀ x [1280, 256] 161-167 → 203-204).
     */
    static void block6x4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n, c4 = c3 + n, c5 = c4 + n;
        FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33, s40, s41, s42, s43, s50, s51, s52, s53;
        if (load) {
            s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L);
            s02 = FloatVector.fromArray(S, c, c0 + 2 * L); s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
            s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L);
            s12 = FloatVector.fromArray(S, c, c1 + 2 * L); s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
            s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L);
            s22 = FloatVector.fromArray(S, c, c2 + 2 * L); s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
            s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L);
            s32 = FloatVector.fromArray(S, c, c3 + 2 * L); s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
            s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L);
            s42 = FloatVector.fromArray(S, c, c4 + 2 * L); s43 = FloatVector.fromArray(S, c, c4 + 3 * L);
            s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L);
            s52 = FloatVector.fromArray(S, c, c5 + 2 * L); s53 = FloatVector.fromArray(S, c, c5 + 3 * L);
        } else {
            s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = FloatVector.zero(S);
            s30 = s31 = s32 = s33 = s40 = s41 = s42 = s43 = s50 = s51 = s52 = s53 = FloatVector.zero(S);
        }
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            int bp = bOff + p * ldb, ap = ai + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L), b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            s00 = a0.fma(b0, s00); s01 = a0.fma(b1, s01); s02 = a0.fma(b2, s02); s03 = a0.fma(b3, s03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + ars]);
            s10 = a1.fma(b0, s10); s11 = a1.fma(b1, s11); s12 = a1.fma(b2, s12); s13 = a1.fma(b3, s13);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = a2.fma(b0, s20); s21 = a2.fma(b1, s21); s22 = a2.fma(b2, s22); s23 = a2.fma(b3, s23);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = a3.fma(b0, s30); s31 = a3.fma(b1, s31); s32 = a3.fma(b2, s32); s33 = a3.fma(b3, s33);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            s40 = a4.fma(b0, s40); s41 = a4.fma(b1, s41); s42 = a4.fma(b2, s42); s43 = a4.fma(b3, s43);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5 * ars]);
            s50 = a5.fma(b0, s50); s51 = a5.fma(b1, s51); s52 = a5.fma(b2, s52); s53 = a5.fma(b3, s53);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
        s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
        s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
        s40.intoArray(c, c4); s41.intoArray(c, c4 + L); s42.intoArray(c, c4 + 2 * L); s43.intoArray(c, c4 + 3 * L);
        s50.intoArray(c, c5); s51.intoArray(c, c5 + L); s52.intoArray(c, c5 + 2 * L); s53.intoArray(c, c5 + 3 * L);
    }

    /**
     * c[i..i+4, j..j+4L] (+)= A[i..i+4, k0..k1] · b, where row p of b's strip starts at {@code bOff + p * ldb}:
     * 16 accumulators, four loads of b and four broadcasts of a per 16 FMAs.
     */
    static void block4x4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (load) {
            s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L);
            s02 = FloatVector.fromArray(S, c, c0 + 2 * L); s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
            s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L);
            s12 = FloatVector.fromArray(S, c, c1 + 2 * L); s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
            s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L);
            s22 = FloatVector.fromArray(S, c, c2 + 2 * L); s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
            s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L);
            s32 = FloatVector.fromArray(S, c, c3 + 2 * L); s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
        } else {
            s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = FloatVector.zero(S);
        }
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            int bp = bOff + p * ldb, ap = ai + p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L), b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            s00 = a0.fma(b0, s00); s01 = a0.fma(b1, s01); s02 = a0.fma(b2, s02); s03 = a0.fma(b3, s03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + ars]);
            s10 = a1.fma(b0, s10); s11 = a1.fma(b1, s11); s12 = a1.fma(b2, s12); s13 = a1.fma(b3, s13);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = a2.fma(b0, s20); s21 = a2.fma(b1, s21); s22 = a2.fma(b2, s22); s23 = a2.fma(b3, s23);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = a3.fma(b0, s30); s31 = a3.fma(b1, s31); s32 = a3.fma(b2, s32); s33 = a3.fma(b3, s33);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
        s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
        s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
    }

    /**
     * Rows [0, m12) of A over k0..k1 (m12 a multiple of 12) in blocks of six, each block [k1 - k0, 6] contiguous from
     * {@code (i / 6) * 6 * (k1 - k0)}: what {@link #block6x2p} reads.
     */
    static void packRows6(float[] a, int aOff, int ars, int acs, int m12, int k0, int k1, float[] to) {
        for (int i = 0, o = 0; i < m12; i += 6) {
            for (int p = k0; p < k1; p++) {
                int ap = aOff + i * ars + p * acs;
                for (int r = 0; r < 6; r++, o++) to[o] = a[ap + r * ars];
            }
        }
    }

    /**
     * c[6 rows from c0, 2L columns] (+)= six packed rows of A ({@link #packRows6}, from {@code aOff}) · a 2L strip of b
     * whose rows are 2L apart from {@code bOff}, over kk steps of k. 12 accumulators, two loads of b and six broadcasts
     * per 12 FMAs: the most 16 vector registers hold (AVX2). The constant strides let the JIT drop the bounds checks
     * from the loop, which the strided {@link #block4x2} keeps; on one Zen 3 core a 2L strip of 96 rows and k 128
     * in L1 ran at 43-60 GFLOP/s against block4x2's 22-32.
     */
    static void block6x2p(float[] a, int aOff, float[] b, int bOff, float[] c, int c0, int n, int kk, boolean load) {
        int c1 = c0 + n, c2 = c1 + n, c3 = c2 + n, c4 = c3 + n, c5 = c4 + n, w = 2 * L;
        FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51;
        if (load) {
            s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L);
            s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L);
            s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L);
            s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L);
            s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L);
            s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L);
        } else {
            s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = s40 = s41 = s50 = s51 = FloatVector.zero(S);
        }
        for (int q = 0; q < kk; q++) {
            int bp = bOff + q * w, ap = aOff + q * 6;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1); s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3); s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4); s41.intoArray(c, c4 + L);
        s50.intoArray(c, c5); s51.intoArray(c, c5 + L);
    }

    /** c[i..i+4, j..j+2L] (+)= A[i..i+4, k0..k1] · b, where row p of b's strip starts at {@code bOff + p * ldb}. */
    static void block4x2(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
        if (load) {
            s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L);
            s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L);
            s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L);
            s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L);
        } else {
            s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
        }
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = ai + p * acs;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + ars]);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s00 = a0.fma(b0, s00); s01 = a0.fma(b1, s01);
            s10 = a1.fma(b0, s10); s11 = a1.fma(b1, s11);
            s20 = a2.fma(b0, s20); s21 = a2.fma(b1, s21);
            s30 = a3.fma(b0, s30); s31 = a3.fma(b1, s31);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1); s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3); s31.intoArray(c, c3 + L);
    }

    /** c[i, j..j+4L] (+)= A[i, k0..k1] · b, where row p of b's strip starts at {@code bOff + p * ldb}: four chains. */
    static void block1x4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j;
        FloatVector s0, s1, s2, s3;
        if (load) {
            s0 = FloatVector.fromArray(S, c, c0); s1 = FloatVector.fromArray(S, c, c0 + L);
            s2 = FloatVector.fromArray(S, c, c0 + 2 * L); s3 = FloatVector.fromArray(S, c, c0 + 3 * L);
        } else {
            s0 = s1 = s2 = s3 = FloatVector.zero(S);
        }
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            int bp = bOff + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[ai + p * acs]);
            s0 = av.fma(FloatVector.fromArray(S, b, bp), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, bp + L), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
        }
        s0.intoArray(c, c0); s1.intoArray(c, c0 + L); s2.intoArray(c, c0 + 2 * L); s3.intoArray(c, c0 + 3 * L);
    }

    /** c[i, j..j+2L] (+)= A[i, k0..k1] · b, where row p of b's strip starts at {@code bOff + p * ldb}: two chains. */
    static void block1x2(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j;
        FloatVector s0 = load ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        FloatVector s1 = load ? FloatVector.fromArray(S, c, c0 + L) : FloatVector.zero(S);
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            int bp = bOff + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[ai + p * acs]);
            s0 = av.fma(FloatVector.fromArray(S, b, bp), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, bp + L), s1);
        }
        s0.intoArray(c, c0); s1.intoArray(c, c0 + L);
    }

    static void block1x1(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j;
        FloatVector s0 = load ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            s0 = FloatVector.broadcast(S, a[ai + p * acs]).fma(FloatVector.fromArray(S, b, bOff + p * ldb), s0);
        }
        s0.intoArray(c, c0);
    }
}
