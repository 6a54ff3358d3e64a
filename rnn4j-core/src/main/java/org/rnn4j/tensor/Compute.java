package org.rnn4j.tensor;

/**
 * The kernels plus the threads they may use: what every layer is given to do its math.
 *
 * <p>Work is split into contiguous ranges of independent rows (batch rows of a recurrent scan, rows of a GEMM
 * output), never along a sum, so results do not depend on the thread count. {@link #auto()} picks the Vector
 * API kernels when {@code jdk.incubator.vector} is present and uses every core.
 */
public final class Compute {
    /** GEMMs below this many multiply-adds run on the calling thread: a hand-off costs more than it saves. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;
    private static final long PARALLEL_MIN_ELEMENTS = 1L << 16;
    // a hand-off to the other thread costs about 30 µs on this VM (parallelFor of an empty task); a weight of 64K
    // values takes about 60 µs to transpose on one thread. Training transposes every weight at every step, while
    // the other thread waits: W5's 98K-256K weights were 3% of its samples, all on the calling thread
    private static final long PARALLEL_MIN_TRANSPOSE = 1L << 16;
    /** Rows per block of {@link #affine}: about 256 KB of c, which stays in L2 between the fill and the product. */
    private static final int AFFINE_BLOCK_FLOATS = 1 << 16;
    private static volatile Compute shared;

    private final Kernels kernels;
    private final int threads;
    private final Workers workers;

    /** Uses {@code kernels} on {@code threads} threads (the caller's plus threads - 1 daemon workers). */
    public Compute(Kernels kernels, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.kernels = kernels;
        this.threads = threads;
        this.workers = threads == 1 ? null : new Workers(threads - 1);
    }

    /** The fastest kernels available on every core; created once and shared. */
    public static Compute auto() {
        Compute c = shared;
        if (c == null) {
            synchronized (Compute.class) {
                if (shared == null) shared = new Compute(bestKernels(), Runtime.getRuntime().availableProcessors());
                c = shared;
            }
        }
        return c;
    }

    /** Vector API kernels when the module {@code jdk.incubator.vector} is enabled, else the plain-Java ones. */
    public static Kernels bestKernels() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Kernels) Class.forName("org.rnn4j.tensor.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.err.println("rnn4j: Vector API kernels failed to load (" + e + "); using plain-Java kernels");
                return new NaiveKernels();
            }
        }
        System.err.println("rnn4j: using plain-Java kernels; run java with --add-modules jdk.incubator.vector for the fast path");
        return new NaiveKernels();
    }

    public Kernels kernels() { return kernels; }

    public int threads() { return threads; }

    /** A task over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over [0, n) split into at most {@link #threads()} contiguous ranges of at least
     * {@code minChunk} items; the calling thread takes the first range. Exceptions are rethrown. A call made while
     * another holds the threads (from inside a range, or from another thread sharing this Compute) runs the whole
     * range on its own thread.
     */
    public void parallelFor(int n, int minChunk, RangeTask task) {
        int parts = (int) Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
        if (parts <= 1 || !workers.run(n, parts, task)) task.run(0, n);
    }

    /** c[m, n] = a[m, k] · b[k, n], rows of c split across threads when large. */
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        if ((long) m * n * k < PARALLEL_MIN_FLOPS) {
            kernels.matmul(a, aOff, b, bOff, c, cOff, m, n, k);
            return;
        }
        parallelFor(m, 4, (i0, i1) -> kernels.matmul(a, aOff + i0 * k, b, bOff, c, cOff + i0 * n, i1 - i0, n, k));
    }

    /** c[m, n] += a[m, k] · b[k, n], rows of c split across threads when large. */
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        if ((long) m * n * k < PARALLEL_MIN_FLOPS) {
            kernels.matmulAdd(a, aOff, b, bOff, c, cOff, m, n, k);
            return;
        }
        parallelFor(m, 4, (i0, i1) -> kernels.matmulAdd(a, aOff + i0 * k, b, bOff, c, cOff + i0 * n, i1 - i0, n, k));
    }

    /**
     * c[m, n] = bias[n] + a[m, k] · b[k, n], the bias broadcast over rows: the same sums as filling every row of c
     * with the bias and then {@link #matmulAdd}, but each thread fills its rows a block at a time just before that
     * block's product, so the block is still in cache when the kernel reads it back (one pass over c, not two).
     */
    public void affine(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
        int block = Math.max(16, AFFINE_BLOCK_FLOATS / Math.max(1, n)) & ~3;
        RangeTask rows = (i0, i1) -> {
            for (int i = i0; i < i1; i += block) {
                int rb = Math.min(block, i1 - i);
                for (int r = i; r < i + rb; r++) System.arraycopy(bias, biasOff, c, cOff + r * n, n);
                kernels.matmulAdd(a, aOff + i * k, b, bOff, c, cOff + i * n, rb, n, k);
            }
        };
        if ((long) m * n * k < PARALLEL_MIN_FLOPS) rows.run(0, m);
        else parallelFor(m, 4, rows);
    }

    /**
     * c[m, n] = bias[n] + a[m, k] · b[k, n] for a low-precision b ({@link Kernels#matmulAdd(float[], int, LowPrecision.Columns, float[], int, int)});
     * bias may be null (zeros). Rows split across threads when large.
     */
    public void affine(float[] a, int aOff, LowPrecision.Columns b, float[] bias, float[] c, int cOff, int m) {
        int n = b.n(), k = b.k();
        RangeTask rows = (i0, i1) -> {
            for (int r = i0; r < i1; r++) {
                if (bias == null) java.util.Arrays.fill(c, cOff + r * n, cOff + (r + 1) * n, 0f);
                else System.arraycopy(bias, 0, c, cOff + r * n, n);
            }
            kernels.matmulAdd(a, aOff + i0 * k, b, c, cOff + i0 * n, i1 - i0);
        };
        if ((long) m * n * k < PARALLEL_MIN_FLOPS) rows.run(0, m);
        else parallelFor(m, 4, rows);
    }

    /** c[m, n] += aᵀ · b for a [k, m], b [k, n]; rows of c split across threads when large. */
    public void matmulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        if ((long) m * n * k < PARALLEL_MIN_FLOPS) {
            kernels.matmulTransAAdd(a, aOff, m, b, bOff, c, cOff, m, n, k);
            return;
        }
        // Rows i0..i1 of c need columns i0..i1 of a: the same a with row stride m, starting at column i0.
        parallelFor(m, 16, (i0, i1) -> kernels.matmulTransAAdd(a, aOff + i0, m, b, bOff, c, cOff + i0 * n, i1 - i0, n, k));
    }

    /** out[cols, rows] = aᵀ for a [rows, cols]; rows of a split across threads when large. */
    public void transpose(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        if ((long) rows * cols < PARALLEL_MIN_TRANSPOSE) {
            kernels.transpose(a, aOff, rows, cols, out, outOff);
            return;
        }
        parallelFor(rows, 32, (i0, i1) -> kernels.transpose(a, aOff + i0 * cols, cols, i1 - i0, cols, out, outOff + i0, rows));
    }

    /**
     * y = tanh(x) over n elements, in ranges across threads when large: an element's value does not depend on
     * where it falls in a range, so the split changes no bit.
     */
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        if (n < PARALLEL_MIN_ELEMENTS) kernels.tanh(x, xOff, y, yOff, n);
        else parallelFor(n, (int) (PARALLEL_MIN_ELEMENTS / 2), (i0, i1) -> kernels.tanh(x, xOff + i0, y, yOff + i0, i1 - i0));
    }

    /** dx = dy·(1 - y²) over n elements (y = tanh(x)), in ranges across threads when large, as {@link #tanh}. */
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (n < PARALLEL_MIN_ELEMENTS) kernels.tanhBackward(y, yOff, dy, dyOff, dx, dxOff, n);
        else parallelFor(n, (int) (PARALLEL_MIN_ELEMENTS / 2), (i0, i1) -> kernels.tanhBackward(y, yOff + i0, dy, dyOff + i0, dx, dxOff + i0, i1 - i0));
    }

    /** sums[j] += Σ_r x[r, j] for x [rows, cols], rows added in order; columns split across threads when large. */
    public void addColumnSums(float[] x, int xOff, int rows, int cols, float[] sums, int sumsOff) {
        if ((long) rows * cols < PARALLEL_MIN_ELEMENTS) {
            kernels.addColumnSums(x, xOff, cols, rows, cols, sums, sumsOff);
            return;
        }
        parallelFor(cols, 64, (j0, j1) -> kernels.addColumnSums(x, xOff + j0, cols, rows, j1 - j0, sums, sumsOff + j0));
    }
}
