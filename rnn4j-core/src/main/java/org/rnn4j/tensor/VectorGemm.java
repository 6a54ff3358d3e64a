package org.rnn4j.tensor;

import static org.rnn4j.tensor.VectorMath.L;
import static org.rnn4j.tensor.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM on the Vector API: k in blocks of {@value #KB} so a column strip of b stays in L1 while every row block
 * reads it, column strips of {@link #STRIP} copied into a contiguous panel when many rows share them, packed weights
 * made once, and the narrow or ragged edges on zero-padded scratch rather than masked loads (slow on JDK 17). Every
 * element of c is the fused sum over k in increasing order, as in {@link NaiveKernels}, whatever the blocking.
 */
final class VectorGemm {
    /**
     * k per block: a [KB, 4L] strip of b is 32 KB at L = 16, so it stays in L1 while every row block reads it
     * (at 256 it was 64 KB, and a 512³ product ran at 140 GFLOP/s on one thread against 165 at 128). Blocking k
     * stores and reloads c between blocks, which leaves every sum as it was.
     */
    static final int KB = 128;
    /** Per-thread scratch for partial vectors: a [KB, L] column strip and one vector row. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[KB * L]);
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[L]);
    /** Four zero-padded vector rows of c, for the column tail four rows at a time. */
    private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[4 * L]);
    /**
     * Columns per strip of the main micro-kernel: four vectors where the CPU has 32 vector registers (AVX-512: six
     * rows' 24 accumulators, 4 strip vectors and a broadcast fit), two where 16 would make the JIT spill accumulators.
     */
    static final int STRIP = S.vectorBitSize() >= 512 ? 4 * L : 2 * L;
    /** Per-thread packed [KB, STRIP] strip of b, used when at least {@value #PACK_ROWS} rows share it. */
    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[KB * STRIP]);
    private static final int PACK_ROWS = 16;
    /** Per-thread rows of A packed six at a time for the 2L strips ({@link GemmBlocks#packRows6}), grown when needed. */
    private static final ThreadLocal<float[]> ROWS6 = ThreadLocal.withInitial(() -> new float[0]);
    /** Per-thread scratch, grown when needed: zero-padded b and c. */
    private static final ThreadLocal<float[]> PADDED_B = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PADDED_C = ThreadLocal.withInitial(() -> new float[0]);

    private VectorGemm() {}

    /**
     * Strips of {@link #STRIP} columns (the last one 2L wide when that is what is left), each [k, width] contiguous,
     * one after another: the layout the GEMM copies panels into, made once.
     */
    static float[] pack(float[] b, int k, int n, float[] into) {
        if (n % (2 * L) != 0) return null;
        float[] out = into != null && into.length >= k * n ? into : new float[k * n];
        for (int j = 0, o = 0, w; j < n; j += w) {
            w = stripWidth(n, j);
            for (int p = 0; p < k; p++, o += w) System.arraycopy(b, p * n + j, out, o, w);
        }
        return out;
    }

    /**
     * Rows in blocks of 4 by the strip's micro-kernel; a row left over (all of a batch of one) runs four strips at
     * a time ({@link GemmBlocks#block1x16}), then one, with one FMA chain per vector of the strip. Sums in the same order as
     * {@link #gemm}.
     */
    static void matmulPackedAdd(float[] a, int aOff, float[] packed, float[] c, int cOff, int m, int n, int k) {
        int m4 = m - m % 4;
        for (int k0 = 0; k0 < k; k0 += KB) {
            int k1 = Math.min(k, k0 + KB);
            float[] rows = STRIP == 2 * L ? packRows(a, aOff, k, 1, m4, k0, k1) : null;
            for (int j = 0, s = 0, w; j < n; j += w, s += k * w) {
                w = stripWidth(n, j);
                if (w == 4 * L) GemmBlocks.strip4(a, aOff, k, 1, packed, s, w, c, cOff, n, m4, j, k0, k1, true);
                else strip2(a, aOff, k, 1, rows, packed, s, c, cOff, n, m4, j, k0, k1, true);
            }
            for (int i = m4; i < m; i++) {
                int j = 0, s = 0;
                if (STRIP == 4 * L) for (; j + 16 * L <= n; j += 16 * L, s += 16 * L * k) GemmBlocks.block1x16(a, aOff + i * k, packed, s, 4 * L * k, c, cOff + i * n + j, k0, k1);
                for (int w; j < n; j += w, s += k * w) {
                    w = stripWidth(n, j);
                    if (w == 4 * L) GemmBlocks.block1x4(a, aOff, k, 1, packed, s, w, c, cOff, n, i, j, k0, k1, true);
                    else GemmBlocks.block1x2(a, aOff, k, 1, packed, s, w, c, cOff, n, i, j, k0, k1, true);
                }
            }
        }
    }

    /** The width of the packed strip that starts at column j of n (a multiple of 2L). */
    private static int stripWidth(int n, int j) {
        return n - j >= STRIP ? STRIP : 2 * L;
    }

    /**
     * Rows [0, m12) of A over k0..k1 packed six at a time (m12 = m4 - m4 % 12, so the rows after it are four at a
     * time, as {@link GemmBlocks#strip4} splits them), or null when no block of six fits.
     */
    private static float[] packRows(float[] a, int aOff, int ars, int acs, int m4, int k0, int k1) {
        int m12 = m4 - m4 % 12;
        if (m12 == 0) return null;
        float[] rows = scratch(ROWS6, m12 * (k1 - k0));
        GemmBlocks.packRows6(a, aOff, ars, acs, m12, k0, k1, rows);
        return rows;
    }

    /**
     * Rows [0, m4) of a 2L strip whose row p is at {@code bOff + p * 2L}: six at a time from the packed rows
     * ({@link #packRows}; none when null), the rest four at a time. The same chains over k as every kernel.
     */
    private static void strip2(float[] a, int aOff, int ars, int acs, float[] rows, float[] b, int bOff, float[] c, int cOff,
                               int n, int m4, int j, int k0, int k1, boolean load) {
        int m12 = rows == null ? 0 : m4 - m4 % 12, kk = k1 - k0;
        for (int i = 0; i < m12; i += 6) GemmBlocks.block6x2p(rows, i * kk, b, bOff + k0 * 2 * L, c, cOff + i * n + j, n, kk, load);
        for (int i = m12; i < m4; i += 4) GemmBlocks.block4x2(a, aOff, ars, acs, b, bOff, 2 * L, c, cOff, n, i, j, k0, k1, load);
    }

    /** The per-thread array of {@code buffer}, grown to at least {@code size} when needed, then reused. */
    private static float[] scratch(ThreadLocal<float[]> buffer, int size) {
        float[] x = buffer.get();
        if (x.length < size) {
            x = new float[size];
            buffer.set(x);
        }
        return x;
    }

    /** c (+)= A·b where A's element (i, p) is a[aOff + i*ars + p*acs] and b's rows are ldb apart. */
    static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int m, int n, int k, boolean add) {
        if (k == 0) {
            if (!add) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0f);
            return;
        }
        if (n < 4 * L && n % L != 0 && m >= PACK_ROWS) {
            padded(a, aOff, ars, acs, b, bOff, ldb, c, cOff, m, n, k, add);
            return;
        }
        for (int k0 = 0; k0 < k; k0 += KB) {
            int k1 = Math.min(k, k0 + KB);
            boolean load = add || k0 > 0;
            int m4 = m - m % 4;
            int j = 0;
            if (m4 >= PACK_ROWS) {
                // many row blocks share each column strip of b: copy the strip once into a contiguous panel, so the
                // kernel reads b at stride STRIP instead of n (fewer cache lines and pages per step); same sums, same order
                float[] panel = PANEL.get(), rows = STRIP == 2 * L && n >= 2 * L ? packRows(a, aOff, ars, acs, m4, k0, k1) : null;
                for (int w; j + 2 * L <= n; j += w) {
                    w = stripWidth(n, j);
                    for (int p = k0; p < k1; p++) System.arraycopy(b, bOff + p * ldb + j, panel, (p - k0) * w, w);
                    if (w == 4 * L) {
                        GemmBlocks.strip4(a, aOff, ars, acs, panel, -k0 * w, w, c, cOff, n, m4, j, k0, k1, load);
                    } else {
                        strip2(a, aOff, ars, acs, rows, panel, -k0 * w, c, cOff, n, m4, j, k0, k1, load);
                    }
                }
            }
            for (; j + STRIP <= n && STRIP == 4 * L; j += STRIP) {
                GemmBlocks.strip4(a, aOff, ars, acs, b, bOff + j, ldb, c, cOff, n, m4, j, k0, k1, load);
            }
            for (; j + 2 * L <= n; j += 2 * L) {
                for (int i = 0; i < m4; i += 4) GemmBlocks.block4x2(a, aOff, ars, acs, b, bOff + j, ldb, c, cOff, n, i, j, k0, k1, load);
            }
            for (; j + L <= n; j += L) {
                for (int i = 0; i < m4; i += 4) GemmBlocks.block4x1(a, aOff, ars, acs, b, bOff + j, ldb, c, cOff, n, i, j, k0, k1, load);
            }
            int jFull = j;
            for (int i = m4; i < m; i++) {                       // rows left over: one row, four vectors at a time
                int jj = 0;
                for (; jj + 4 * L <= n; jj += 4 * L) GemmBlocks.block1x4(a, aOff, ars, acs, b, bOff + jj, ldb, c, cOff, n, i, jj, k0, k1, load);
                for (; jj + L <= n; jj += L) GemmBlocks.block1x1(a, aOff, ars, acs, b, bOff + jj, ldb, c, cOff, n, i, jj, k0, k1, load);
            }
            if (jFull < n) columnTail(a, aOff, ars, acs, b, bOff, ldb, c, cOff, m, n, jFull, k0, k1, load);
        }
    }

    /**
     * A narrow product (fewer than 4L columns, not a multiple of L, many rows: a gradient into a few input
     * features): b and c copied into zero-padded per-thread scratch L-aligned in width, so every row runs the
     * full-width kernels instead of the column tail's; the padding columns are computed and dropped. Same sums.
     */
    private static void padded(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int m, int n, int k, boolean add) {
        int w = (n + L - 1) / L * L;
        float[] bp = scratch(PADDED_B, k * w), cp = scratch(PADDED_C, m * w);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + p * ldb, bp, p * w, n);
            java.util.Arrays.fill(bp, p * w + n, p * w + w, 0f);
        }
        if (add) for (int i = 0; i < m; i++) System.arraycopy(c, cOff + i * n, cp, i * w, n);
        gemm(a, aOff, ars, acs, bp, 0, w, cp, 0, m, w, k, add);
        for (int i = 0; i < m; i++) System.arraycopy(cp, i * w, c, cOff + i * n, n);
    }

    /**
     * The last n - j &lt; L columns: that strip of b is copied once into a zero-padded [k, L] scratch so every
     * row runs the same full-width vector FMA chain as elsewhere (masked loads are slow on JDK 17).
     */
    private static void columnTail(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                   int m, int n, int j, int k0, int k1, boolean load) {
        int w = n - j;
        float[] strip = SCRATCH.get();
        for (int p = k0; p < k1; p++) {
            int dst = (p - k0) * L;
            System.arraycopy(b, bOff + p * ldb + j, strip, dst, w);
            java.util.Arrays.fill(strip, dst + w, dst + L, 0f);
        }
        float[] rows = ROWS.get();
        int m4 = m - m % 4;
        for (int i = 0; i < m4; i += 4) {                      // four rows at a time: four independent FMA chains
            for (int r = 0; r < 4; r++) {
                int ci = cOff + (i + r) * n + j;
                if (load) System.arraycopy(c, ci, rows, r * L, w);
                else java.util.Arrays.fill(rows, r * L, r * L + w, 0f);
                java.util.Arrays.fill(rows, r * L + w, (r + 1) * L, 0f);
            }
            GemmBlocks.block4x1(a, aOff, ars, acs, strip, -k0 * L, L, rows, -i * L, L, i, 0, k0, k1, true);
            for (int r = 0; r < 4; r++) System.arraycopy(rows, r * L, c, cOff + (i + r) * n + j, w);
        }
        float[] row = ROW.get();
        for (int i = m4; i < m; i++) {
            int ci = cOff + i * n + j;
            if (load) System.arraycopy(c, ci, row, 0, w);
            else java.util.Arrays.fill(row, 0, w, 0f);
            java.util.Arrays.fill(row, w, L, 0f);
            FloatVector s0 = FloatVector.fromArray(S, row, 0);
            int ai = aOff + i * ars;
            for (int p = k0; p < k1; p++) s0 = FloatVector.broadcast(S, a[ai + p * acs]).fma(FloatVector.fromArray(S, strip, (p - k0) * L), s0);
            s0.intoArray(row, 0);
            System.arraycopy(row, 0, c, ci, w);
        }
    }
}
