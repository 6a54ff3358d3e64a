package org.rnn4j.tensor;

/**
 * The dense math every layer goes through: GEMM variants and element-wise activations, single-threaded.
 *
 * <p>All matrices are row-major and contiguous; each operand is an array plus the offset where it starts,
 * so slices of a larger buffer (one time step of a {@code [T, B, G]} workspace) are used without copies.
 * The output argument comes last among the arrays. Shapes use the legend of DESIGN.md; here {@code m, n, k}
 * are the GEMM dimensions. Two implementations exist: {@link NaiveKernels}, the plain-Java reference and
 * fallback, and {@code VectorKernels} on the JDK Vector API; {@link Compute#auto()} picks one at start-up.
 *
 * <p>Every implementation computes each output row with the same operation order whatever the number of
 * rows, so one sequence run alone and inside a batch gives bit-identical results.
 */
public interface Kernels {

    /** A short name for logs and benchmark tables. */
    String name();

    /** c[m, n] = a[m, k] · b[k, n]. */
    void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k);

    /** c[m, n] += a[m, k] · b[k, n]. */
    void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k);

    /**
     * b [k, n] in the layout {@link #matmulPackedAdd} reads, for a b that many products share (a recurrent
     * weight, read at every time step), written into {@code into} when it holds k·n floats (else into a new array);
     * null when these kernels have no such layout for that shape.
     */
    default float[] pack(float[] b, int k, int n, float[] into) {
        return null;
    }

    /** c[m, n] += a[m, k] · b[k, n] for b in the layout {@link #pack} made; the same sums, in the same order, as {@link #matmulAdd}. */
    default void matmulPackedAdd(float[] a, int aOff, float[] packed, float[] c, int cOff, int m, int n, int k) {
        throw new UnsupportedOperationException(name() + " packs no matrices");
    }

    /**
     * c[m, n] += a[m, k] · b[k, n] for a low-precision b, each value widened to float32 before its multiply-add: for
     * each c[i, j] the fused sum over p in increasing order of a[i, p] · b[p, j] (int8: of the integer, the sum then
     * times the column's scale), so the vector kernel gives the same bits as this plain one.
     */
    default void matmulAdd(float[] a, int aOff, LowPrecision.Columns b, float[] c, int cOff, int m) {
        LowPrecision.Columns.multiplyAdd(a, aOff, b, c, cOff, m, 0);
    }

    /**
     * c[m, n] += aᵀ · b where a is [k, m] stored with row stride {@code lda} (≥ m) and b is [k, n]
     * (weight gradients summed over all steps).
     */
    void matmulTransAAdd(float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int n, int k);

    /**
     * Σ a[i]·b[i] over n elements. Each kernel sums in its own fixed order (the vector kernel keeps one partial sum
     * per lane), so two kernels agree to rounding rather than bit for bit, and each gives the same bits every time.
     */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** y += alpha · x over n elements, one fused multiply-add per element (x and y must not overlap). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** y = tanh(x) over n elements (x and y may be the same slice). */
    void tanh(float[] x, int xOff, float[] y, int yOff, int n);

    /** y = 1 / (1 + exp(-x)) over n elements (x and y may be the same slice). */
    void sigmoid(float[] x, int xOff, float[] y, int yOff, int n);

    /** y = max(x, 0) over n elements (x and y may be the same slice). */
    void relu(float[] x, int xOff, float[] y, int yOff, int n);

    /** out = σ(x + y) over n elements: a gate's two projections summed and squashed in one pass. */
    default void sigmoidOfSum(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] + y[yOff + i];
        sigmoid(out, outOff, out, outOff, n);
    }

    /** out = tanh(x + y) over n elements. */
    default void tanhOfSum(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] + y[yOff + i];
        tanh(out, outOff, out, outOff, n);
    }

    /**
     * Whether these are the Vector API kernels: the layers then take their own Vector API math too (the cells'
     * element-wise passes in {@code org.rnn4j.nn}), which gives the same bits as the plain one.
     */
    default boolean vectorApi() { return false; }

    /** dx = dy · (1 - y²), where y = tanh(x) (dy and dx may be the same slice). */
    void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** dx = dy · y · (1 - y), where y = sigmoid(x) (dy and dx may be the same slice). */
    void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** dx = y &gt; 0 ? dy : 0, where y = relu(x) (dy and dx may be the same slice). */
    void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /**
     * Row-wise softmax of x [rows, cols] into y [rows, cols]; logSumExp [rows] receives each row's
     * log Σ exp(x), so a loss can use {@code logSumExp - x_target} without taking the log of a tiny p.
     */
    void softmax(float[] x, int xOff, float[] y, int yOff, float[] logSumExp, int rows, int cols);

    /** out[cols, rows] = aᵀ for a [rows, cols]; in tiles, so both sides stay in cache. */
    default void transpose(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        transpose(a, aOff, cols, rows, cols, out, outOff, rows);
    }

    /**
     * out[j, i] = a[i, j] for i &lt; rows, j &lt; cols, where a's rows are lda apart and out's ldo apart (a block of a
     * larger matrix, so threads can take row ranges); in tiles, so both sides stay in cache.
     */
    default void transpose(float[] a, int aOff, int lda, int rows, int cols, float[] out, int outOff, int ldo) {
        final int tile = 32;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int j = j0; j < j1; j++) {               // contiguous writes: 5x faster than contiguous reads here
                    int dst = outOff + j * ldo;
                    for (int i = i0; i < i1; i++) out[dst + i] = a[aOff + i * lda + j];
                }
            }
        }
    }

    /**
     * The linear recurrence {@code s = a_t·s + v_t; h_t = s} over {@code steps} rows of {@code width} floats
     * (minGRU's and minLSTM's scan): row t of a, v and h starts at {@code off + t·stride}, so a negative stride walks
     * backwards in memory (the reverse scan of backward). {@code state} [width] holds s before the first row and
     * after the last; {@code product} [width] is multiplied by every a_t (a chunk's Π a, for {@link #scanCarry}).
     * One fused multiply-add per element, so every kernel gives the same bits.
     */
    default void scan(float[] a, int aOff, float[] v, int vOff, float[] h, int hOff, int stride, int steps, int width,
                      float[] state, int stateOff, float[] product, int productOff) {
        for (int t = 0; t < steps; t++) {
            int at = aOff + t * stride, vt = vOff + t * stride, ht = hOff + t * stride;
            for (int j = 0; j < width; j++) {
                float s = Math.fma(a[at + j], state[stateOff + j], v[vt + j]);
                state[stateOff + j] = s;
                h[ht + j] = s;
                product[productOff + j] *= a[at + j];
            }
        }
    }

    /**
     * The carry a chunk's local {@link #scan} started without: {@code c = a_t·c; h_t += c} for each row, so that
     * h_t gains (a_0·…·a_t)·carry. Rows and strides as in scan; {@code carry} [width] is used up.
     */
    default void scanCarry(float[] a, int aOff, float[] h, int hOff, int stride, int steps, int width, float[] carry, int carryOff) {
        for (int t = 0; t < steps; t++) {
            int at = aOff + t * stride, ht = hOff + t * stride;
            for (int j = 0; j < width; j++) {
                float c = a[at + j] * carry[carryOff + j];
                carry[carryOff + j] = c;
                h[ht + j] += c;
            }
        }
    }

    /**
     * sums[j] += x[0, j] + x[1, j] + … + x[rows-1, j] for j &lt; cols, added one row at a time in that order (the
     * bias gradient of a layer applied to every row); x's rows are ldx apart.
     */
    default void addColumnSums(float[] x, int xOff, int ldx, int rows, int cols, float[] sums, int sumsOff) {
        for (int r = 0; r < rows; r++) {
            int o = xOff + r * ldx;
            for (int j = 0; j < cols; j++) sums[sumsOff + j] += x[o + j];
        }
    }
}
