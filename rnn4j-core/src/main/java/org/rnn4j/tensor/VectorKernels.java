package org.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), loaded only when that module is present.
 *
 * <p>GEMM ({@link VectorGemm}, its micro-kernels in {@link GemmBlocks}) is register-blocked FMA: 6 or 4 rows of C
 * by {@link VectorGemm#STRIP} columns (4 vectors where the CPU has 512-bit vectors and so 32 vector registers; 2 on
 * narrower ones), the k loop innermost, in blocks. Each element of C is the fused sum over k in increasing order,
 * exactly like {@link NaiveKernels}, whatever the row blocking: a row's result never depends on how many rows are
 * computed with it.
 *
 * <p>Element-wise tanh (Eigen's rational approximation) and exp (Cephes' algorithm) are written with add,
 * multiply, divide and FMA only. The Vector API's own {@code lanewise(EXP/TANH)} and {@code reduceLanes(ADD)} are computed one way
 * by the interpreter and another by compiled code, so a run's numbers would change as the JIT warms up; IEEE
 * add, multiply and FMA are exact in both, which keeps runs reproducible bit for bit. Tails are done with the
 * same vector function on a zero-padded scratch vector, so an element's value never depends on its position.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = VectorMath.S;
    private static final int L = VectorMath.L;
    /** Per-thread zero-padded vector row: a partial vector without masked loads. */
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[L]);

    @Override
    public String name() { return "vector-api-" + S.vectorBitSize() + "bit"; }

    @Override
    public boolean vectorApi() { return true; }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        VectorGemm.gemm(a, aOff, k, 1, b, bOff, n, c, cOff, m, n, k, false);
    }

    @Override
    public void matmulAdd(float[] a, int aOff, LowPrecision.Columns b, float[] c, int cOff, int m) {
        VectorLowPrecision.matmulAdd(a, aOff, b, c, cOff, m);
    }

    @Override
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        VectorGemm.gemm(a, aOff, k, 1, b, bOff, n, c, cOff, m, n, k, true);
    }

    /** Strips of {@link VectorGemm#STRIP} columns, each [k, width] contiguous: the layout the GEMM copies panels into, made once. */
    @Override
    public float[] pack(float[] b, int k, int n, float[] into) {
        return VectorGemm.pack(b, k, n, into);
    }

    @Override
    public void matmulPackedAdd(float[] a, int aOff, float[] packed, float[] c, int cOff, int m, int n, int k) {
        VectorGemm.matmulPackedAdd(a, aOff, packed, c, cOff, m, n, k);
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
        VectorGemm.gemm(a, aOff, 1, lda, b, bOff, n, c, cOff, m, n, k, true);
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

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        if (i < n) {
            float[] row = tail(x, xOff + i, n - i);
            VectorMath.tanh(FloatVector.fromArray(S, row, 0)).intoArray(row, 0);
            System.arraycopy(row, 0, y, yOff + i, n - i);
        }
    }

    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        if (i < n) {
            float[] row = tail(x, xOff + i, n - i);
            VectorMath.sigmoid(FloatVector.fromArray(S, row, 0)).intoArray(row, 0);
            System.arraycopy(row, 0, y, yOff + i, n - i);
        }
    }

    /** One vector pass; the tail through the same vector function on zero-padded scratch, as {@link #sigmoid}. */
    @Override
    public void sigmoidOfSum(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i))).intoArray(out, outOff + i);
        if (i < n) {
            for (int j = i; j < n; j++) out[outOff + j] = x[xOff + j] + y[yOff + j];
            sigmoid(out, outOff + i, out, outOff + i, n - i);
        }
    }

    @Override
    public void tanhOfSum(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i))).intoArray(out, outOff + i);
        if (i < n) {
            for (int j = i; j < n; j++) out[outOff + j] = x[xOff + j] + y[yOff + j];
            tanh(out, outOff + i, out, outOff + i, n - i);
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
    public void scan(float[] a, int aOff, float[] v, int vOff, float[] h, int hOff, int stride, int steps, int width,
                     float[] state, int stateOff, float[] product, int productOff) {
        int j = 0;
        for (; j + L <= width; j += L) {                     // a column block at a time, its s and Π a in registers
            FloatVector s = FloatVector.fromArray(S, state, stateOff + j), p = FloatVector.fromArray(S, product, productOff + j);
            for (int t = 0; t < steps; t++) {
                int o = t * stride + j;
                FloatVector at = FloatVector.fromArray(S, a, aOff + o);
                s = at.fma(s, FloatVector.fromArray(S, v, vOff + o));
                s.intoArray(h, hOff + o);
                p = p.mul(at);
            }
            s.intoArray(state, stateOff + j);
            p.intoArray(product, productOff + j);
        }
        if (j < width) Kernels.super.scan(a, aOff + j, v, vOff + j, h, hOff + j, stride, steps, width - j, state, stateOff + j, product, productOff + j);
    }

    @Override
    public void scanCarry(float[] a, int aOff, float[] h, int hOff, int stride, int steps, int width, float[] carry, int carryOff) {
        int j = 0;
        for (; j + L <= width; j += L) {
            FloatVector c = FloatVector.fromArray(S, carry, carryOff + j);
            for (int t = 0; t < steps; t++) {
                int o = t * stride + j;
                c = FloatVector.fromArray(S, a, aOff + o).mul(c);
                FloatVector.fromArray(S, h, hOff + o).add(c).intoArray(h, hOff + o);
            }
            c.intoArray(carry, carryOff + j);
        }
        if (j < width) Kernels.super.scanCarry(a, aOff + j, h, hOff + j, stride, steps, width - j, carry, carryOff + j);
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
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xr + j).sub(max));
                e.intoArray(y, yr + j);
                sv = sv.add(e);
            }
            float[] lanes = ROW.get();
            sv.intoArray(lanes, 0);
            float sum = 0f;
            for (int l = 0; l < L; l++) sum += lanes[l];                 // in lane order: reduceLanes(ADD) is not reproducible
            if (bound < cols) {                                          // the last partial vector, on zero-padded scratch
                float[] row = tail(x, xr + bound, cols - bound);
                VectorMath.exp(FloatVector.fromArray(S, row, 0).sub(max)).intoArray(row, 0);
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
