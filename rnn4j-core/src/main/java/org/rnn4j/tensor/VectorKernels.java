package org.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), loaded only when that module is present.
 *
 * <p>GEMM is a register-blocked FMA kernel: 4 rows of C by {@link #STRIP} columns (4 vectors, 16 accumulators,
 * where the CPU has 512-bit vectors and so 32 vector registers; 2 vectors, 8 accumulators, on narrower ones), the
 * k loop innermost, k in blocks of {@value #KB} so a column strip of B stays in cache while every row block
 * sweeps it. Each element of C is the fused sum over k in increasing order, exactly like {@link NaiveKernels},
 * whatever the row blocking: a row's result never depends on how many rows are computed with it.
 *
 * <p>Element-wise tanh (Eigen's rational approximation) and exp (Cephes' algorithm) are written with add,
 * multiply, divide and FMA only. The Vector API's own {@code lanewise(EXP/TANH)} and {@code reduceLanes(ADD)} are computed one way
 * by the interpreter and another by compiled code, so a run's numbers would change as the JIT warms up; IEEE
 * add, multiply and FMA are exact in both, which keeps runs reproducible bit for bit. Tails are done with the
 * same vector function on a zero-padded scratch vector, so an element's value never depends on its position.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * k per block: a [KB, 4L] strip of b is 32 KB at L = 16, so it stays in L1 while every row block reads it
     * (at 256 it was 64 KB, and a 512³ product ran at 140 GFLOP/s on one thread against 165 at 128). Blocking k
     * stores and reloads c between blocks, which leaves every sum as it was.
     */
    private static final int KB = 128;
    /** Per-thread scratch for partial vectors: a [KB, L] column strip and one vector row. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[KB * L]);
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[L]);
    /** Four zero-padded vector rows of c, for the column tail four rows at a time. */
    private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[4 * L]);
    /**
     * Columns per strip of the main micro-kernel: four vectors where the CPU has 32 vector registers (AVX-512: six
     * rows' 24 accumulators, 4 strip vectors and a broadcast fit), two where 16 would make the JIT spill accumulators.
     */
    private static final int STRIP = S.vectorBitSize() >= 512 ? 4 * L : 2 * L;
    /** Per-thread packed [KB, STRIP] strip of b, used when at least {@value #PACK_ROWS} rows share it. */
    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[KB * STRIP]);
    private static final int PACK_ROWS = 16;
    /** Per-thread scratch, grown when needed: zero-padded b and c. */
    private static final ThreadLocal<float[]> PADDED_B = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PADDED_C = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public String name() { return "vector-api-" + S.vectorBitSize() + "bit"; }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        gemm(a, aOff, k, 1, b, bOff, n, c, cOff, m, n, k, false);
    }

    @Override
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        gemm(a, aOff, k, 1, b, bOff, n, c, cOff, m, n, k, true);
    }

    /**
     * Strips of {@link #STRIP} columns (the last one 2L wide when that is what is left), each [k, width] contiguous,
     * one after another: the layout the GEMM copies panels into, made once.
     */
    @Override
    public float[] pack(float[] b, int k, int n) {
        if (n % (2 * L) != 0) return null;
        float[] out = new float[k * n];
        for (int j = 0, o = 0, w; j < n; j += w) {
            w = stripWidth(n, j);
            for (int p = 0; p < k; p++, o += w) System.arraycopy(b, p * n + j, out, o, w);
        }
        return out;
    }

    /** The width of the packed strip that starts at column j of n (a multiple of 2L). */
    private static int stripWidth(int n, int j) {
        return n - j >= STRIP ? STRIP : 2 * L;
    }

    /**
     * Rows in blocks of 4 by the strip's micro-kernel; a row left over (all of a batch of one) runs four strips at
     * a time ({@link #block1x16}), then one, with one FMA chain per vector of the strip. Sums in the same order as
     * {@link #gemm}.
     */
    @Override
    public void matmulPackedAdd(float[] a, int aOff, float[] packed, float[] c, int cOff, int m, int n, int k) {
        int m4 = m - m % 4;
        for (int k0 = 0; k0 < k; k0 += KB) {
            int k1 = Math.min(k, k0 + KB);
            for (int j = 0, s = 0, w; j < n; j += w, s += k * w) {
                w = stripWidth(n, j);
                if (w == 4 * L) strip4(a, aOff, k, 1, packed, s, w, c, cOff, n, m4, j, k0, k1, true);
                else for (int i = 0; i < m4; i += 4) block4x2(a, aOff, k, 1, packed, s, w, c, cOff, n, i, j, k0, k1, true);
            }
            for (int i = m4; i < m; i++) {
                int j = 0, s = 0;
                if (STRIP == 4 * L) for (; j + 16 * L <= n; j += 16 * L, s += 16 * L * k) block1x16(a, aOff + i * k, packed, s, 4 * L * k, c, cOff + i * n + j, k0, k1);
                for (int w; j < n; j += w, s += k * w) {
                    w = stripWidth(n, j);
                    if (w == 4 * L) block1x4(a, aOff, k, 1, packed, s, w, c, cOff, n, i, j, k0, k1, true);
                    else block1x2(a, aOff, k, 1, packed, s, w, c, cOff, n, i, j, k0, k1, true);
                }
            }
        }
    }

    /**
     * A row of a packed product, four strips of 4L columns at once: c[0..16L] += a[k0..k1] · the strips, the q-th
     * strip's row p at {@code bOff + q * strideB + p * 4L}. Sixteen FMA chains, each in k's order (the sums of
     * {@link #block1x4}), and four streams in flight: a batch of one reads W_hh from L2 about a third faster than
     * with four chains.
     */
    private static void block1x16(float[] a, int aOff, float[] b, int bOff, int strideB, float[] c, int cOff, int k0, int k1) {
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
     * Reads aᵀ in place: the micro-kernels take a's row and column strides, so element (i, p) of aᵀ is
     * {@code a[p * lda + i]}; the four rows of a block are four adjacent floats of one row of a, and with k in blocks
     * of {@value #KB} the lines they come from stay in L1 across the row blocks. Transposing a into scratch first
     * (as before) cost more than it saved: [1280, 500]ᵀ x [1280, 256] 116-140 GFLOP/s against 156-162 in place.
     * Each element is the same fused chain over k in the same order, starting from c's value, so the same bits.
     */
    @Override
    public void matmulTransAAdd(float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        gemm(a, aOff, 1, lda, b, bOff, n, c, cOff, m, n, k, true);
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

    @Override
    public void addColumnSums(float[] x, int xOff, int ldx, int rows, int cols, float[] sums, int sumsOff) {
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {                   // four vectors of columns per pass over the rows
            int s = sumsOff + j;
            FloatVector s0 = FloatVector.fromArray(S, sums, s), s1 = FloatVector.fromArray(S, sums, s + L);
            FloatVector s2 = FloatVector.fromArray(S, sums, s + 2 * L), s3 = FloatVector.fromArray(S, sums, s + 3 * L);
            for (int r = 0, o = xOff + j; r < rows; r++, o += ldx) {
                s0 = s0.add(FloatVector.fromArray(S, x, o));
                s1 = s1.add(FloatVector.fromArray(S, x, o + L));
                s2 = s2.add(FloatVector.fromArray(S, x, o + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, o + 3 * L));
            }
            s0.intoArray(sums, s);
            s1.intoArray(sums, s + L);
            s2.intoArray(sums, s + 2 * L);
            s3.intoArray(sums, s + 3 * L);
        }
        for (; j + L <= cols; j += L) {
            FloatVector acc = FloatVector.fromArray(S, sums, sumsOff + j);
            for (int r = 0, o = xOff + j; r < rows; r++, o += ldx) acc = acc.add(FloatVector.fromArray(S, x, o));
            acc.intoArray(sums, sumsOff + j);
        }
        if (j < cols) Kernels.super.addColumnSums(x, xOff + j, ldx, rows, cols - j, sums, sumsOff + j);
    }

    /** c (+)= A·b where A's element (i, p) is a[aOff + i*ars + p*acs] and b's rows are ldb apart. */
    private static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
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
                float[] panel = PANEL.get();
                for (int w; j + 2 * L <= n; j += w) {
                    w = stripWidth(n, j);
                    for (int p = k0; p < k1; p++) System.arraycopy(b, bOff + p * ldb + j, panel, (p - k0) * w, w);
                    if (w == 4 * L) {
                        strip4(a, aOff, ars, acs, panel, -k0 * w, w, c, cOff, n, m4, j, k0, k1, load);
                    } else {
                        for (int i = 0; i < m4; i += 4) block4x2(a, aOff, ars, acs, panel, -k0 * w, w, c, cOff, n, i, j, k0, k1, load);
                    }
                }
            }
            for (; j + STRIP <= n && STRIP == 4 * L; j += STRIP) {
                strip4(a, aOff, ars, acs, b, bOff + j, ldb, c, cOff, n, m4, j, k0, k1, load);
            }
            for (; j + 2 * L <= n; j += 2 * L) {
                for (int i = 0; i < m4; i += 4) block4x2(a, aOff, ars, acs, b, bOff + j, ldb, c, cOff, n, i, j, k0, k1, load);
            }
            for (; j + L <= n; j += L) {
                for (int i = 0; i < m4; i += 4) block4x1(a, aOff, ars, acs, b, bOff + j, ldb, c, cOff, n, i, j, k0, k1, load);
            }
            int jFull = j;
            for (int i = m4; i < m; i++) {                       // rows left over: one row, four vectors at a time
                int jj = 0;
                for (; jj + 4 * L <= n; jj += 4 * L) block1x4(a, aOff, ars, acs, b, bOff + jj, ldb, c, cOff, n, i, jj, k0, k1, load);
                for (; jj + L <= n; jj += L) block1x1(a, aOff, ars, acs, b, bOff + jj, ldb, c, cOff, n, i, jj, k0, k1, load);
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
            block4x1(a, aOff, ars, acs, strip, -k0 * L, L, rows, -i * L, L, i, 0, k0, k1, true);
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

    /**
     * c[i..i+4, j..j+L] (+)= A[i..i+4, k0..k1] · b, for a strip of b one vector wide whose row p starts at
     * {@code bOff + p * ldb} and rows of c {@code n} apart: four chains where one row at a time had one.
     */
    private static void block4x1(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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
    private static void strip4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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
    private static void block6x4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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
    private static void block4x4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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

    /** c[i..i+4, j..j+2L] (+)= A[i..i+4, k0..k1] · b, where row p of b's strip starts at {@code bOff + p * ldb}. */
    private static void block4x2(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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
    private static void block1x4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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
    private static void block1x2(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
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

    private static void block1x1(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                 int n, int i, int j, int k0, int k1, boolean load) {
        int c0 = cOff + i * n + j;
        FloatVector s0 = load ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        int ai = aOff + i * ars;
        for (int p = k0; p < k1; p++) {
            s0 = FloatVector.broadcast(S, a[ai + p * acs]).fma(FloatVector.fromArray(S, b, bOff + p * ldb), s0);
        }
        s0.intoArray(c, c0);
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        if (i < n) {
            float[] row = tail(x, xOff + i, n - i);
            tanh(FloatVector.fromArray(S, row, 0)).intoArray(row, 0);
            System.arraycopy(row, 0, y, yOff + i, n - i);
        }
    }

    /**
     * tanh as Eigen's float rational approximation: x·P(x²)/Q(x²) on x clamped to ±7.905 (where tanh rounds
     * to ±1); max error 3e-7 relative, one division and eleven FMAs.
     */
    static FloatVector tanh(FloatVector v) {
        FloatVector x = clamp(v, -7.90531110763549805f, 7.90531110763549805f), x2 = x.mul(x);
        FloatVector p = FloatVector.broadcast(S, -2.76076847742355e-16f).fma(x2, FloatVector.broadcast(S, 2.00018790482477e-13f))
                .fma(x2, FloatVector.broadcast(S, -8.60467152213735e-11f)).fma(x2, FloatVector.broadcast(S, 5.12229709037114e-08f))
                .fma(x2, FloatVector.broadcast(S, 1.48572235717979e-05f)).fma(x2, FloatVector.broadcast(S, 6.37261928875436e-04f))
                .fma(x2, FloatVector.broadcast(S, 4.89352455891786e-03f)).mul(x);
        FloatVector q = FloatVector.broadcast(S, 1.19825839466702e-06f).fma(x2, FloatVector.broadcast(S, 1.18534705686654e-04f))
                .fma(x2, FloatVector.broadcast(S, 2.26843463243900e-03f)).fma(x2, FloatVector.broadcast(S, 4.89352518554385e-03f));
        return p.div(q);
    }

    /**
     * v limited to [lo, hi] (lo &lt; 0 &lt; hi) by a compare and a blend each side. The same values as
     * {@code v.max(lo).min(hi)}, NaN included (it compares false and passes through, as max and min return it), but
     * cheaper: C2 builds Java's float max and min, which order -0 below +0 and propagate NaN, from several
     * instructions each (tanh over [24, 384] 0.28 → 0.23 ns an element on JDK 17, 0.21 → 0.14 on JDK 25).
     */
    private static FloatVector clamp(FloatVector v, float lo, float hi) {
        FloatVector l = FloatVector.broadcast(S, lo), h = FloatVector.broadcast(S, hi);
        return v.blend(l, v.compare(VectorOperators.LT, l)).blend(h, v.compare(VectorOperators.GT, h));
    }

    /** σ(x) = 1 / (1 + e^{-x}): relative precision over the whole range, unlike (1 + tanh(x/2)) / 2. */
    private static FloatVector sigmoid(FloatVector v) {
        return FloatVector.broadcast(S, 1f).div(exp(v.neg()).add(1f));
    }

    /**
     * Cephes expf: e^x = 2^n · e^r with n = round(x / ln 2), r = x - n ln 2 (ln 2 split in two for precision),
     * e^r by a degree-6 polynomial; x is clamped to [-87.34, 88] so 2^n stays a normal float.
     */
    static FloatVector exp(FloatVector v) {
        FloatVector x = clamp(v, -87.33654f, 88f);
        FloatVector round = FloatVector.broadcast(S, 12582912f);               // 1.5·2^23: adding it rounds to an integer
        FloatVector t = x.fma(FloatVector.broadcast(S, 1.44269504088896341f), round), n = t.sub(round);
        FloatVector r = n.fma(FloatVector.broadcast(S, -0.693359375f), x).add(n.mul(2.12194440e-4f));
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f).fma(r, FloatVector.broadcast(S, 1.3981999507e-3f))
                .fma(r, FloatVector.broadcast(S, 8.3334519073e-3f)).fma(r, FloatVector.broadcast(S, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(S, 1.6666665459e-1f)).fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        // 2^n from the bits of t, whose low mantissa bits hold n: ((n + 127) mod 512) << 23 is the exponent field.
        // (Converting n with F2I would be simpler, but JDK 17 does not compile that cast to vector code.)
        IntVector bits = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }

    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        if (i < n) {
            float[] row = tail(x, xOff + i, n - i);
            sigmoid(FloatVector.fromArray(S, row, 0)).intoArray(row, 0);
            System.arraycopy(row, 0, y, yOff + i, n - i);
        }
    }

    /** One vector pass; the tail through the same vector function on zero-padded scratch, as {@link #sigmoid}. */
    @Override
    public void sigmoidOfSum(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) sigmoid(FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i))).intoArray(out, outOff + i);
        if (i < n) {
            for (int j = i; j < n; j++) out[outOff + j] = x[xOff + j] + y[yOff + j];
            sigmoid(out, outOff + i, out, outOff + i, n - i);
        }
    }

    @Override
    public void tanhOfSum(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) tanh(FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i))).intoArray(out, outOff + i);
        if (i < n) {
            for (int j = i; j < n; j++) out[outOff + j] = x[xOff + j] + y[yOff + j];
            tanh(out, outOff + i, out, outOff + i, n - i);
        }
    }

    /** One vector pass with the same operations as the default (no FMA contraction), so the same bits. */
    @Override
    public void lstmState(float[] gates, int gOff, float[] c, int cPrev, int cNext, float[] tanhC, int tcOff, float[] h, int hOff, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            int g = gOff + j;
            FloatVector ig = FloatVector.fromArray(S, gates, g), fg = FloatVector.fromArray(S, gates, g + n);
            FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * n), og = FloatVector.fromArray(S, gates, g + 3 * n);
            FloatVector cv = fg.mul(FloatVector.fromArray(S, c, cPrev + j)).add(ig.mul(gg));
            cv.intoArray(c, cNext + j);
            FloatVector tc = tanh(cv);
            tc.intoArray(tanhC, tcOff + j);
            og.mul(tc).intoArray(h, hOff + j);
        }
        if (j < n) {
            for (int u = j; u < n; u++) c[cNext + u] = gates[gOff + n + u] * c[cPrev + u] + gates[gOff + u] * gates[gOff + 2 * n + u];
            tanh(c, cNext + j, tanhC, tcOff + j, n - j);
            for (int u = j; u < n; u++) h[hOff + u] = gates[gOff + 3 * n + u] * tanhC[tcOff + u];
        }
    }

    @Override
    public void gruState(float[] xp, int xnOff, float[] hpn, int hnOff, float[] act, int aOff, float[] h, int hPrev, int hNext, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            int a = aOff + j;
            FloatVector r = FloatVector.fromArray(S, act, a), z = FloatVector.fromArray(S, act, a + n);
            FloatVector nv = tanh(FloatVector.fromArray(S, xp, xnOff + j).add(r.mul(FloatVector.fromArray(S, hpn, hnOff + j))));
            nv.intoArray(act, a + 2 * n);
            z.neg().add(1f).mul(nv).add(z.mul(FloatVector.fromArray(S, h, hPrev + j))).intoArray(h, hNext + j);
        }
        if (j < n) {
            for (int u = j; u < n; u++) act[aOff + 2 * n + u] = xp[xnOff + u] + act[aOff + u] * hpn[hnOff + u];
            tanh(act, aOff + 2 * n + j, act, aOff + 2 * n + j, n - j);
            for (int u = j; u < n; u++) {
                float z = act[aOff + n + u], nj = act[aOff + 2 * n + u];
                h[hNext + u] = (1f - z) * nj + z * h[hPrev + u];
            }
        }
    }

    /** One vector pass with the default's operations in its order (so the same bits); the tail by the default's formulas. */
    @Override
    public void lstmBackward(float[] gates, int gOff, float[] c, int cPrev, float[] tanhC, int tcOff, float[] dh, int dhOff,
                             float[] dc, int dcOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff, int n) {
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

    @Override
    public void gruBackward(float[] act, int aOff, float[] h, int hPrevOff, float[] hpn, int hnOff, float[] dh, int dhOff,
                            float[] dxp, int dxpOff, float[] dhp, int dhpOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= n; j += L) {
            int a = aOff + j, x = dxpOff + j, y = dhpOff + j;
            FloatVector r = FloatVector.fromArray(S, act, a), z = FloatVector.fromArray(S, act, a + n), nv = FloatVector.fromArray(S, act, a + 2 * n);
            FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + j);
            FloatVector dan = dhv.mul(one.sub(z)).mul(one.sub(nv.mul(nv)));
            FloatVector dz = dhv.mul(FloatVector.fromArray(S, h, hPrevOff + j).sub(nv)).mul(z.mul(z.neg().add(1f)));
            FloatVector dr = dan.mul(FloatVector.fromArray(S, hpn, hnOff + j)).mul(r.mul(r.neg().add(1f)));
            dhv.mul(z).intoArray(dh, dhOff + j);
            dr.intoArray(dxp, x); dz.intoArray(dxp, x + n); dan.intoArray(dxp, x + 2 * n);
            dr.intoArray(dhp, y); dz.intoArray(dhp, y + n); dan.mul(r).intoArray(dhp, y + 2 * n);
        }
        for (; j < n; j++) {
            float dhj = dh[dhOff + j], r = act[aOff + j], z = act[aOff + n + j], nj = act[aOff + 2 * n + j];
            float dan = dhj * (1f - z) * (1f - nj * nj);
            float dz = dhj * (h[hPrevOff + j] - nj) * (z * (1f - z));
            float dr = dan * hpn[hnOff + j] * (r * (1f - r));
            dh[dhOff + j] = dhj * z;
            dxp[dxpOff + j] = dhp[dhpOff + j] = dr;
            dxp[dxpOff + n + j] = dhp[dhpOff + n + j] = dz;
            dxp[dxpOff + 2 * n + j] = dan;
            dhp[dhpOff + 2 * n + j] = dan * r;
        }
    }

    /** The per-thread scratch vector holding x[off, off + w) and zeros: a partial vector without masked loads. */
    private static float[] tail(float[] x, int off, int w) {
        float[] row = ROW.get();
        System.arraycopy(x, off, row, 0, w);
        java.util.Arrays.fill(row, w, L, 0f);
        return row;
    }

    /** Lane-wise partial sums, then the lanes in order, then the tail: a fixed order, so the same bits every time. */
    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.fromArray(S, a, aOff).mul(FloatVector.fromArray(S, b, bOff));
            for (i = L; i + L <= n; i += L) acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
            float[] lanes = ROW.get();
            acc.intoArray(lanes, 0);
            for (int l = 0; l < L; l++) s += lanes[l];
        }
        for (; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, xOff + i).fma(a, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        for (; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    @Override
    public void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
        for (; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector.fromArray(S, dy, dyOff + i).mul(one.sub(v.mul(v))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - v * v);
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(v.mul(v.neg().add(1f))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1f - v));
        }
    }

    @Override
    public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    @Override
    public void softmax(float[] x, int xOff, float[] y, int yOff, float[] logSumExp, int rows, int cols) {
        int bound = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols, yr = yOff + r * cols;
            // the row's maximum by compare and blend: C2 left FloatVector.max to its Java fallback in W5's training
            // loss (boxing a vector at every step). A NaN is never taken, but then exp(NaN - max) makes the sum, every
            // y and the log-sum-exp NaN, as a NaN maximum would.
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xr + j);
                mv = mv.blend(v, v.compare(VectorOperators.GT, mv));
            }
            float max = mv.reduceLanes(VectorOperators.MAX);
            for (int j = bound; j < cols; j++) max = Math.max(max, x[xr + j]);
            FloatVector sv = FloatVector.zero(S);
            for (int j = 0; j < bound; j += L) {
                FloatVector e = exp(FloatVector.fromArray(S, x, xr + j).sub(max));
                e.intoArray(y, yr + j);
                sv = sv.add(e);
            }
            float[] lanes = ROW.get();
            sv.intoArray(lanes, 0);
            float sum = 0f;
            for (int l = 0; l < L; l++) sum += lanes[l];                 // in lane order: reduceLanes(ADD) is not reproducible
            if (bound < cols) {                                          // the last partial vector, on zero-padded scratch
                float[] row = tail(x, xr + bound, cols - bound);
                exp(FloatVector.fromArray(S, row, 0).sub(max)).intoArray(row, 0);
                for (int j = bound; j < cols; j++) {
                    y[yr + j] = row[j - bound];
                    sum += row[j - bound];
                }
            }
            float inv = 1f / sum;
            int j = 0;
            for (; j < bound; j += L) FloatVector.fromArray(S, y, yr + j).mul(inv).intoArray(y, yr + j);
            for (; j < cols; j++) y[yr + j] *= inv;
            logSumExp[r] = max + (float) Math.log(sum);
        }
    }
}
