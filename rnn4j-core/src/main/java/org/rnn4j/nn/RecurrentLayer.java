package org.rnn4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.LowPrecision;
import org.rnn4j.tensor.Layout;
import org.rnn4j.tensor.Tensor;

/**
 * One recurrent layer in one direction: a scan of a {@link Cell} over time (PyTorch's layer level).
 *
 * <p>Parameters, PyTorch names with a suffix such as {@code _l0} or {@code _l1_reverse}: {@code weight_ih}
 * [G, F], {@code weight_hh} [G, H], {@code bias_ih} [G], {@code bias_hh} [G].
 *
 * <p>The batch is split into row ranges, one per thread; each thread copies its rows to time-major and runs its
 * whole time loop: rows are independent, so no thread waits for another inside the loop. A thread computes the input projection {@code b_ih + x W_ihᵀ} of its rows a few steps ahead, as many
 * as fit in about 256 KB (all T in one GEMM for a batch of one, one step at a time for large batches), so the cell
 * reads it from cache rather than from memory; then each step does {@code b_hh + h_{t-1} W_hhᵀ} and the cell's
 * element-wise math. Backward runs the loop in reverse and
 * then forms {@code dW_hh} and {@code dW_ih} with one GEMM each over all steps. Workspaces are sized once per
 * (T, B); nothing is allocated inside the time loop.
 */
public final class RecurrentLayer implements Directional {
    private final CellType type;
    private final int inputSize, hidden, gateWidth;
    private final Compute compute;
    private final Kernels k;
    private final Cell cell;
    private final Param weightIh, weightHh, biasIh, biasHh;
    private final Transposed weightIhT, weightHhT;   // [F, G] and [H, G], remade when the weights change
    /** Floats of input projection a thread computes ahead: about 256 KB, which stays in L2 until the cell reads it. */
    private static final int PROJECTED_FLOATS = 1 << 16;
    /** Rows per block of a step: their h W_hhᵀ (about 48 KB for G = 512) is still in L1 when the cell reads it. */
    public static final int ROW_BLOCK = 24;
    /**
     * W_hh of more bytes than this (about a core's L2) is streamed from memory at every pass over it: then a step takes
     * all of a thread's rows in one product, one pass, instead of a pass per block (W8's 16 MB W_hh: 2 passes a step
     * per thread with blocks, 1 without).
     */
    private static final long CACHED_WEIGHT_BYTES = 1L << 20;

    // Workspace of the latest forward, sized for (steps, batch).
    private int steps = -1, kept = -1, batch = -1, ahead, rowCapacity, batchCapacity, stateCapacity;
    private int[] lengths;
    private float[] xT, xp, h, hp, dxp, dhp, dh, wIhT, wIhPacked, wHhT, wHhPacked;
    private LowPrecision.Columns lowIh, lowHh;     // the weights' low-precision forms, when they have them
    private float[] wHhPackedBackward;             // W_hh packed for the backward's products, reused
    private float[] dhNorms;                      // [B, T] ‖∂L/∂h_t‖ of the latest backward, 0 on padding

    /**
     * A layer initialised as PyTorch initialises it.
     *
     * @param suffix name suffix of the parameters, e.g. {@code _l0} or {@code _l0_reverse}
     * @param rng    initialises every parameter from U(-1/√H, 1/√H), as PyTorch does
     */
    public RecurrentLayer(CellType type, int inputSize, int hidden, String suffix, Compute compute, RandomGenerator rng) {
        this(type, inputSize, hidden, suffix, compute, rng, null);
    }

    /**
     * @param suffix     name suffix of the parameters, e.g. {@code _l0} or {@code _l0_reverse}
     * @param rng        initialises every parameter from U(-1/√H, 1/√H), as PyTorch does
     * @param forgetBias LSTM only: when not null, the forget gate's biases start at {@code forgetBias} (in
     *                   {@code bias_ih}; 0 in {@code bias_hh}) instead of PyTorch's draw: Keras' {@code unit_forget_bias}
     *                   is 1 (Jozefowicz et al. 2015), so σ(f) ≈ 0.73 and the cell state survives many steps from the start
     */
    public RecurrentLayer(CellType type, int inputSize, int hidden, String suffix, Compute compute, RandomGenerator rng, Float forgetBias) {
        if (inputSize < 1 || hidden < 1) throw new IllegalArgumentException("input size and hidden size must be positive, got F=" + inputSize + " H=" + hidden);
        this.type = type;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.gateWidth = type.gates() * hidden;
        this.compute = compute;
        this.k = compute.kernels();
        this.cell = type.newCell(hidden, k);
        if (cell.carried() > 1) throw new IllegalArgumentException(type + " carries " + cell.carried() + " states besides h; a State holds h and one (c)");
        float bound = (float) (1.0 / Math.sqrt(hidden));
        this.weightIh = new Param("weight_ih" + suffix, Init.uniform(rng, bound, gateWidth, inputSize));
        this.weightHh = new Param("weight_hh" + suffix, Init.uniform(rng, bound, gateWidth, hidden));
        this.biasIh = new Param("bias_ih" + suffix, Init.uniform(rng, bound, gateWidth));
        this.biasHh = new Param("bias_hh" + suffix, Init.uniform(rng, bound, gateWidth));
        if (forgetBias != null) {
            if (type != CellType.LSTM) throw new IllegalArgumentException("a forget-gate bias is for LSTM cells; a " + type + " has no forget gate");
            java.util.Arrays.fill(biasIh.value().data(), hidden, 2 * hidden, forgetBias);     // gates i, f, g, o: f is [H, 2H)
            java.util.Arrays.fill(biasHh.value().data(), hidden, 2 * hidden, 0f);
            biasIh.value().changed();
            biasHh.value().changed();
        }
        this.weightIhT = new Transposed(gateWidth, inputSize);
        this.weightHhT = new Transposed(gateWidth, hidden);
    }

    @Override public CellType cellType() { return type; }

    @Override public int hidden() { return hidden; }

    @Override public int inputSize() { return inputSize; }

    @Override public int outputSize() { return hidden; }

    @Override public int stateCount() { return 1; }

    @Override
    public List<Param> params() { return List.of(weightIh, weightHh, biasIh, biasHh); }

    /**
     * Sets (T, B) for the next forward and backward. The workspaces only grow: they are allocated for the largest
     * T·B rows and B seen so far and reused for every smaller bucket, so batches of varying length allocate
     * nothing once the longest has been seen.
     */
    private void resize(int steps, int kept, int batch) {
        this.steps = steps;
        this.kept = kept;
        this.batch = batch;
        int rows = steps * batch;
        if (rows > rowCapacity || batch > batchCapacity) {
            rowCapacity = Math.max(rows, rowCapacity);
            batchCapacity = Math.max(batch, batchCapacity);
            xT = new float[rowCapacity * inputSize];
            hp = new float[batchCapacity * gateWidth];
            dh = new float[batchCapacity * hidden];
            dxp = dhp = null;                                        // made by the first backward
            dhNorms = new float[rowCapacity];
        }
        ahead = stepsProjectedAhead(steps, batch, gateWidth);
        if (xp == null || xp.length < ahead * batch * gateWidth) xp = new float[ahead * batch * gateWidth];
        if ((kept + 1) * batch > stateCapacity) {
            stateCapacity = (kept + 1) * batch;
            h = new float[stateCapacity * hidden];                  // (kept+1)·B rows
        }
        cell.resize(steps, kept, batch);
    }

    /**
     * Rows per block of a step's recurrent product with W_hh [G, H]: {@link #ROW_BLOCK}, or 0 (all of a thread's rows
     * at once) when W_hh does not fit in cache. A row's result does not depend on the rows computed with it.
     */
    public static int rowBlock(int hidden, int gateWidth) {
        return 4L * hidden * gateWidth > CACHED_WEIGHT_BYTES ? 0 : ROW_BLOCK;
    }

    /** Rows per block of a step for a thread's rows [b0, b1): {@link #rowBlock}'s, 0 meaning all of them. */
    private int block(int b0, int b1) {
        return rowBlock(hidden, gateWidth) == 0 ? Math.max(1, b1 - b0) : ROW_BLOCK;
    }

    /**
     * How many steps of input projection a thread computes at once: as many as fit in about 256 KB, at least one;
     * with one, each block of {@link #ROW_BLOCK} rows computes its own.
     */
    public static int stepsProjectedAhead(int steps, int batch, int gateWidth) {
        return Math.max(1, Math.min(steps, PROJECTED_FLOATS / (batch * gateWidth)));
    }

    /** Where h of row b before step t is: slot t of T + 1 when all steps are kept, else of two in turn. */
    private int hRow(int t, int b) {
        return (t % (kept + 1) * batch + b) * hidden;
    }

    @Override
    public Output forward(Tensor x, int[] lengths, State init, RandomGenerator rng) {
        Tensor out = Tensor.zeros(x.dim(0), x.dim(1), hidden);
        return new Output(out, pass(x, lengths, init, x.dim(1), out.data()));
    }

    /** As forward, but keeping only the latest step's caches: no backward may follow, and far less memory is written. */
    @Override
    public Output infer(Tensor x, int[] lengths, State init) {
        Tensor out = Tensor.zeros(x.dim(0), x.dim(1), hidden);
        return new Output(out, pass(x, lengths, init, 1, out.data()));
    }

    /** As infer, without writing the outputs [B, T, H]. */
    @Override
    public State inferLast(Tensor x, int[] lengths, State init) {
        return pass(x, lengths, init, 1, null);
    }

    /**
     * The time loop over x [B, T, F], keeping the caches of the last {@code kept} steps.
     *
     * @param out [B, T, H] receives every h_t, or null when only the last state is wanted
     * @return the last state [1, B, H]
     */
    private State pass(Tensor x, int[] lengths, State init, int kept, float[] out) {
        int B = x.dim(0), T = x.dim(1);
        x.requireShape("RecurrentLayer input x [B, T, F]", B, T, inputSize);
        Lengths.check(lengths, B, T);
        Init.checkState(init, 1, B, hidden, type.hasCellState());
        resize(T, Math.min(kept, T), B);
        this.lengths = lengths.clone();
        int H = hidden, F = inputSize;

        wIhT = weightIhT.of(weightIh.value(), compute);
        wIhPacked = weightIhT.packed(k);
        wHhT = weightHhT.of(weightHh.value(), compute);
        wHhPacked = weightHhT.packed(k);                                   // read at every step: packed once
        lowIh = weightIhT.lowPrecision();
        lowHh = weightHhT.lowPrecision();

        float[] c0 = init == null || init.c() == null ? null : init.c().data();
        compute.parallelFor(B, 1, (b0, b1) -> {                            // each thread sets up its own rows
            if (init == null) Arrays.fill(h, b0 * H, b1 * H, 0f);
            else System.arraycopy(init.h().data(), b0 * H, h, b0 * H, (b1 - b0) * H);
            for (int k = 0; k < cell.carried(); k++) cell.setInitial(k, c0, b0, b1);
            Layout.toTimeMajor(x.data(), B, T, F, xT, b0, b1);
            scanForward(b0, b1, out);
        });

        Tensor hN = new Tensor(Arrays.copyOfRange(h, hRow(T, 0), hRow(T, 0) + B * H), 1, B, H);
        Tensor cN = cell.carried() > 0 ? new Tensor(cell.last(0), 1, B, H) : null;
        return new State(hN, cN);
    }

    /**
     * The time loop for rows [b0, b1), each step a block of {@value #ROW_BLOCK} rows at a time: their product, then
     * their cells. Each h_t is also copied to out [B, T, H], if given, while it is in cache.
     */
    private void scanForward(int b0, int b1, float[] out) {
        int B = batch, H = hidden, G = gateWidth, block = block(b0, b1);
        for (int t = 0; t < steps; t++) {
            if (ahead > 1 && t % ahead == 0) project(t, Math.min(ahead, steps - t), b0, b1);
            for (int r0 = b0; r0 < b1; r0 += block) {
                int r1 = Math.min(b1, r0 + block), m = r1 - r0;
                while (m > 0 && lengths[r0 + m - 1] <= t) m--;    // the block's last rows that have ended need no product:
                                                                  // rows sorted longest first cost only their own steps
                // a block's hp, and its xp when projected one step ahead, in the thread's first rows: about 50 KB
                // of each stays in cache, not the thread's share of [B, G]
                if (m > 0) projectStep(t, r0, b0, m);
                for (int b = r0; b < r1; b++) {
                    int hPrev = hRow(t, b), hNext = hRow(t + 1, b), xpRow = ahead == 1 ? b0 + b - r0 : t % ahead * B + b;
                    if (t < lengths[b]) {
                        cell.forward(t, b, xp, xpRow * G, hp, (b0 + b - r0) * G, h, hPrev, hNext);
                        if (out != null) System.arraycopy(h, hNext, out, (b * steps + t) * H, H);
                    } else {                                                             // padding: carry the state
                        System.arraycopy(h, hPrev, h, hNext, H);
                        cell.skip(t, b);
                    }
                }
            }
        }
    }

    /** hp = h_{t-1} W_hhᵀ + b_hh of rows [r0, r0 + m), into the thread's rows from b0; xp too when projected one step ahead. */
    private void projectStep(int t, int r0, int b0, int m) {
        int G = gateWidth, H = hidden;
        float[] bHh = biasHh.value().data();
        if (ahead == 1) projectRows(t * batch + r0, b0, m);
        for (int i = 0; i < m; i++) System.arraycopy(bHh, 0, hp, (b0 + i) * G, G);
        if (lowHh != null) k.matmulAdd(h, hRow(t, r0), lowHh, hp, b0 * G, m);
        else if (wHhPacked != null) k.matmulPackedAdd(h, hRow(t, r0), wHhPacked, hp, b0 * G, m, G, H);
        else k.matmulAdd(h, hRow(t, r0), wHhT, 0, hp, b0 * G, m, G, H);
    }

    /**
     * xp = b_ih + x W_ihᵀ of rows [b0, b1) for steps [t, t + count), into slots 0.. of xp [ahead, B, G], when more
     * than one step is projected ahead: one GEMM when the rows are the whole batch (they are then contiguous in
     * time-major x), else one per step.
     */
    private void project(int t, int count, int b0, int b1) {
        int B = batch, n = b1 - b0;
        if (n == B) projectRows(t * B, 0, count * B);
        else for (int s = 0; s < count; s++) projectRows((t + s) * B + b0, s * B + b0, n);
    }

    /** xp rows [to, to + m) = b_ih + xT rows [from, from + m) · W_ihᵀ. */
    private void projectRows(int from, int to, int m) {
        int G = gateWidth, F = inputSize;
        float[] bIh = biasIh.value().data();
        for (int r = to; r < to + m; r++) System.arraycopy(bIh, 0, xp, r * G, G);
        if (lowIh != null) k.matmulAdd(xT, from * F, lowIh, xp, to * G, m);
        else if (wIhPacked != null) k.matmulPackedAdd(xT, from * F, wIhPacked, xp, to * G, m, G, F);
        else k.matmulAdd(xT, from * F, wIhT, 0, xp, to * G, m, G, F);
    }

    @Override
    public Grads backward(Tensor dOut, State dLast) {
        if (kept != steps) throw new IllegalStateException("backward follows forward, not infer, which keeps no caches");
        int B = batch, T = steps, H = hidden, G = gateWidth, F = inputSize;
        if (dxp == null) {
            dxp = new float[rowCapacity * G];
            dhp = new float[rowCapacity * G];
        }
        if (dOut != null) dOut.requireShape("RecurrentLayer dOut [B, T, H]", B, T, H);
        Tensor dhLast = dLast == null ? null : dLast.h();
        if (dhLast == null) Arrays.fill(dh, 0f);
        else System.arraycopy(dhLast.requireShape("RecurrentLayer dLast.h [1, B, H]", 1, B, H).data(), 0, dh, 0, B * H);
        for (int k = 0; k < cell.carried(); k++) cell.beginBackward(k, dLast == null || dLast.c() == null ? null : dLast.c().data());

        float[] dOutData = dOut == null ? null : dOut.data();
        float[] wHh = weightHh.value().data();
        float[] wHhPackedBack = wHhPackedBackward = k.pack(wHh, G, H, wHhPackedBackward);   // read at every step: packed once per backward
        compute.parallelFor(B, 1, (b0, b1) -> scanBackward(b0, b1, dOutData, wHh, wHhPackedBack));

        // Weight gradients: one GEMM each over all T·B rows (padding rows of dxp, dhp are zero).
        compute.matmulTransAAdd(dhp, 0, h, 0, weightHh.grad().data(), 0, G, H, T * B);
        compute.matmulTransAAdd(dxp, 0, xT, 0, weightIh.grad().data(), 0, G, F, T * B);
        compute.addColumnSums(dhp, 0, T * B, G, biasHh.grad().data(), 0);
        compute.addColumnSums(dxp, 0, T * B, G, biasIh.grad().data(), 0);

        float[] dxT = new float[T * B * F];
        compute.matmul(dxp, 0, weightIh.value().data(), 0, dxT, 0, T * B, F, G);    // dx = dxp W_ih
        Tensor dx = Tensor.zeros(B, T, F);
        Layout.fromTimeMajor(dxT, B, T, F, dx.data());
        Tensor dh0 = new Tensor(Arrays.copyOf(dh, B * H), 1, B, H);
        Tensor dc0 = cell.carried() > 0 ? new Tensor(cell.initialGrad(0), 1, B, H) : null;
        return new Grads(dx, new State(dh0, dc0));
    }

    @Override
    public double[][] stateGradientNorms() {
        return new double[][] {meanOverRows(stateGradientNormsByRow(), lengths, steps)};
    }

    @Override
    public float[] stateGradientNormsByRow() {
        if (dhNorms == null) throw new IllegalStateException("state gradients exist after a backward pass");
        return Arrays.copyOf(dhNorms, batch * steps);
    }

    /** The mean of norms [B, T] over the rows whose length reaches each step. */
    static double[] meanOverRows(float[] norms, int[] lengths, int steps) {
        double[] mean = new double[steps];
        int[] count = new int[steps];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                mean[t] += norms[b * steps + t];
                count[t]++;
            }
        }
        for (int t = 0; t < steps; t++) mean[t] = count[t] == 0 ? 0 : mean[t] / count[t];
        return mean;
    }

    /** The reverse time loop for rows [b0, b1), a block of rows at a time, as {@link #scanForward}. */
    private void scanBackward(int b0, int b1, float[] dOut, float[] wHh, float[] wHhBack) {
        int B = batch, T = steps, H = hidden, G = gateWidth, block = block(b0, b1);
        for (int t = T - 1; t >= 0; t--) {
            for (int r0 = b0; r0 < b1; r0 += block) {
                int r1 = Math.min(b1, r0 + block);
                for (int b = r0; b < r1; b++) {
                    int g = (t * B + b) * G;
                    if (t < lengths[b]) {
                        if (dOut != null) {
                            int o = (b * T + t) * H, d = b * H;
                            for (int j = 0; j < H; j++) dh[d + j] += dOut[o + j];
                        }
                        double sq = 0;                                                   // dh is now all of ∂L/∂h_t
                        for (int j = b * H; j < (b + 1) * H; j++) sq += (double) dh[j] * dh[j];
                        dhNorms[b * T + t] = (float) Math.sqrt(sq);
                        int hPrev = (t * B + b) * H;
                        cell.backward(t, b, h, hPrev, hPrev + B * H, dh, b * H, dxp, g, dhp, g);
                    } else {                                                             // padding: dh passes through
                        dhNorms[b * T + t] = 0f;
                        Arrays.fill(dxp, g, g + G, 0f);
                        Arrays.fill(dhp, g, g + G, 0f);
                    }
                }
                if (wHhBack != null) k.matmulPackedAdd(dhp, (t * B + r0) * G, wHhBack, dh, r0 * H, r1 - r0, H, G);   // dh_{t-1} += dhp W_hh
                else k.matmulAdd(dhp, (t * B + r0) * G, wHh, 0, dh, r0 * H, r1 - r0, H, G);
            }
        }
    }
}
