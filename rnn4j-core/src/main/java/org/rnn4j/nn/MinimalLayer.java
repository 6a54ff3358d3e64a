package org.rnn4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.LinearScan;
import org.rnn4j.tensor.Tensor;

/**
 * One direction of a minGRU or minLSTM layer ({@link MinimalGates}): the gates read the input alone, so the whole
 * layer is one GEMM for every step's projections, the gates' element-wise math, and a linear recurrence
 * {@code h_t = a_t ⊙ h_{t-1} + v_t} that {@link LinearScan} computes in parallel over time as well as over the
 * batch. Backward is the same three parts in reverse: the gradient of every state is a reverse scan
 * ({@code ∂L/∂h_t = ∂L/∂out_t + a_{t+1} ⊙ ∂L/∂h_{t+1}}), then the gates' derivatives, then one GEMM each for the
 * weight and the input gradients. No step waits for the product of the step before it.
 *
 * <p>Parameters (PyTorch's {@code nn.Linear} applied to x, named as rnn4j's other layers): {@code weight_ih}
 * [G, F] and {@code bias_ih} [G], G = 2H (minGRU: z, h̃) or 3H (minLSTM: f, i, h̃), initialised from
 * U(-1/√F, 1/√F) as nn.Linear is. Padding steps have a = 1 and v = 0: the state passes through unchanged, the
 * output is zero and nothing flows back, as for every layer.
 */
public final class MinimalLayer implements Directional {
    private final CellType type;
    private final int inputSize, hidden, gateWidth;
    private final Compute compute;
    private final Kernels k;
    private final MinimalGates gates;
    private final Param weight, bias;
    private final Transposed weightT;
    private final int chunksOverride;

    // the latest forward's, for its backward
    private Tensor x;
    private int batch, steps;
    private int[] lengths;
    private float[] h0, p, a, h, dhNorms;
    private float[] g, dp;                   // backward's workspaces; all of them grow to the largest B·T seen and are reused

    /**
     * @param suffix name suffix of the parameters, e.g. {@code _l0} or {@code _l0_reverse}
     * @param rng    initialises every parameter from U(-1/√F, 1/√F)
     */
    public MinimalLayer(CellType type, int inputSize, int hidden, String suffix, Compute compute, RandomGenerator rng) {
        this(type, inputSize, hidden, suffix, compute, rng, 0);
    }

    /** @param chunks chunks a row's steps are scanned in, or 0 to choose by the batch and the threads */
    MinimalLayer(CellType type, int inputSize, int hidden, String suffix, Compute compute, RandomGenerator rng, int chunks) {
        if (inputSize < 1 || hidden < 1) throw new IllegalArgumentException("input size and hidden size must be positive, got F=" + inputSize + " H=" + hidden);
        this.type = type;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.compute = compute;
        this.k = compute.kernels();
        this.gates = type.minimalGates(k);
        this.gateWidth = gates.gates() * hidden;
        float bound = (float) (1.0 / Math.sqrt(inputSize));
        this.weight = new Param("weight_ih" + suffix, Init.uniform(rng, bound, gateWidth, inputSize));
        this.bias = new Param("bias_ih" + suffix, Init.uniform(rng, bound, gateWidth));
        this.weightT = new Transposed(gateWidth, inputSize);
        this.chunksOverride = chunks;
    }

    @Override public CellType cellType() { return type; }

    @Override public int hidden() { return hidden; }

    @Override public int inputSize() { return inputSize; }

    @Override public int outputSize() { return hidden; }

    @Override public int stateCount() { return 1; }

    @Override public List<Param> params() { return List.of(weight, bias); }

    private int chunks(int B, int T) {
        return chunksOverride > 0 ? Math.min(chunksOverride, Math.max(1, T)) : LinearScan.chunks(B, T, compute.threads());
    }

    @Override
    public Output forward(Tensor x, int[] lengths, State init, RandomGenerator rng) {
        int B = x.dim(0), T = x.dim(1), H = hidden, G = gateWidth, F = inputSize;
        x.requireShape("MinimalLayer input x [B, T, F]", B, T, F);
        Lengths.check(lengths, B, T);
        Init.checkState(init, 1, B, H, false);
        this.x = x;
        this.batch = B;
        this.steps = T;
        this.lengths = lengths.clone();
        this.dhNorms = null;
        // every step's projections in one GEMM: p = b + x Wᵀ [B·T, G]
        p = grow(p, B * T * G);
        float[] wT = weightT.of(weight.value(), compute);
        if (weightT.lowPrecision() != null) compute.affine(x.data(), 0, weightT.lowPrecision(), bias.value().data(), p, 0, B * T);
        else compute.affine(x.data(), 0, wT, 0, bias.value().data(), 0, p, 0, B * T, G, F);
        // the recurrence's coefficients; v is written into h, which the scan then overwrites in place
        a = grow(a, B * T * H);
        h = grow(h, B * T * H);
        compute.parallelFor(B * T, 64, (r0, r1) -> {
            float[] scratch = new float[G];
            for (int r = r0; r < r1; r++) {
                if (r % T < lengths[r / T]) gates.forward(p, r * G, a, r * H, h, r * H, H, scratch);
                else {                                                               // padding: h_t = h_{t-1}
                    Arrays.fill(a, r * H, (r + 1) * H, 1f);
                    Arrays.fill(h, r * H, (r + 1) * H, 0f);
                }
            }
        });
        h0 = init == null ? new float[B * H] : init.h().data().clone();
        float[] state = h0.clone();
        int[] first = new int[B];
        for (int b = 0; b < B; b++) first[b] = b * T * H;
        LinearScan.run(compute, chunks(B, T), B, T, H, a, 0, h, h, first, H, state);
        Tensor out = Tensor.zeros(B, T, H);
        for (int b = 0; b < B; b++) System.arraycopy(h, b * T * H, out.data(), b * T * H, lengths[b] * H);
        return new Output(out, new State(new Tensor(state, 1, B, H), null));
    }

    /** As forward, keeping nothing for a backward (which then throws). */
    @Override
    public Output infer(Tensor x, int[] lengths, State init) {
        Output o = forward(x, lengths, init, null);
        this.x = null;
        return o;
    }

    @Override
    public Grads backward(Tensor dOut, State dLast) {
        if (x == null) throw new IllegalStateException("backward follows forward, not infer, which keeps no caches");
        int B = batch, T = steps, H = hidden, G = gateWidth, F = inputSize;
        if (dOut != null) dOut.requireShape("MinimalLayer dOut [B, T, H]", B, T, H);
        Tensor dhLast = dLast == null ? null : dLast.h();
        if (dhLast != null) dhLast.requireShape("MinimalLayer dLast.h [1, B, H]", 1, B, H);
        // g_t = ∂L/∂h_t: the outputs' gradients (none on padding), the last state's at step T-1 (padding carries it
        // back to the last true step), then the reverse scan g_t += a_{t+1} ⊙ g_{t+1}
        float[] g = this.g = grow(this.g, B * T * H), state = new float[B * H];
        Arrays.fill(g, 0, B * T * H, 0f);
        for (int b = 0; b < B; b++) {
            if (dOut != null) System.arraycopy(dOut.data(), b * T * H, g, b * T * H, lengths[b] * H);
            int last = (b * T + T - 1) * H;
            if (dhLast != null) for (int j = 0; j < H; j++) g[last + j] += dhLast.data()[b * H + j];
            System.arraycopy(g, last, state, b * H, H);
        }
        int[] first = new int[B];
        for (int b = 0; b < B; b++) first[b] = (b * T + T - 2) * H;
        LinearScan.run(compute, chunks(B, T - 1), B, T - 1, H, a, H, g, g, first, -H, state);
        dhNorms = new float[B * T];
        float[] dp = this.dp = grow(this.dp, B * T * G);
        compute.parallelFor(B * T, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / T, t = r % T;
                if (t >= lengths[b]) {                                               // padding: no gradient
                    Arrays.fill(dp, r * G, (r + 1) * G, 0f);
                    continue;
                }
                dhNorms[r] = (float) Math.sqrt(k.dot(g, r * H, g, r * H, H));
                if (t == 0) gates.backward(p, r * G, g, r * H, h0, b * H, dp, r * G, H);
                else gates.backward(p, r * G, g, r * H, h, (r - 1) * H, dp, r * G, H);
            }
        });
        float[] dh0 = new float[B * H];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) dh0[b * H + j] = a[b * T * H + j] * g[b * T * H + j];
        }
        compute.matmulTransAAdd(dp, 0, x.data(), 0, weight.grad().data(), 0, G, F, B * T);
        compute.addColumnSums(dp, 0, B * T, G, bias.grad().data(), 0);
        Tensor dx = Tensor.zeros(B, T, F);
        compute.matmul(dp, 0, weight.value().data(), 0, dx.data(), 0, B * T, F, G);
        return new Grads(dx, new State(new Tensor(dh0, 1, B, H), null));
    }

    private static float[] grow(float[] buffer, int size) {
        return buffer != null && buffer.length >= size ? buffer : new float[size];
    }

    @Override
    public double[][] stateGradientNorms() {
        return new double[][] {RecurrentLayer.meanOverRows(stateGradientNormsByRow(), lengths, steps)};
    }

    @Override
    public float[] stateGradientNormsByRow() {
        if (dhNorms == null) throw new IllegalStateException("state gradients exist after a backward pass");
        return dhNorms.clone();
    }
}
