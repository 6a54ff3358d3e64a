package org.rnn4j.nn;

import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.Tensor;

/**
 * Softmax cross-entropy on logits (PyTorch {@code CrossEntropyLoss} with {@code ignore_index}): the mean of
 * {@code logsumexp(x) - x_y} over the rows whose target is not {@link #IGNORE}; ∂L/∂x = (softmax(x) - onehot(y))
 * / count on those rows, zero on ignored rows. Padding steps of a sequence batch are ignored rows
 * ({@link #maskPadding}), so they contribute nothing.
 */
public final class SoftmaxCrossEntropy implements Loss<int[]> {
    /** The target of a row that contributes no loss and no gradient (a padding step). */
    public static final int IGNORE = -1;

    private final Compute compute;

    public SoftmaxCrossEntropy(Compute compute) {
        this.compute = compute;
    }

    /** @param logits [N, C] (or [B, T, C] = [B·T, C]); @param target int[N] class ids in [0, C), or IGNORE */
    @Override
    public Result evaluate(Tensor logits, int[] target) {
        int classes = logits.dim(logits.rank() - 1), n = logits.size() / classes;
        if (target.length != n) throw new IllegalArgumentException("cross-entropy: " + n + " rows of logits but " + target.length + " targets");
        int count = 0;
        for (int r = 0; r < n; r++) {
            int y = target[r];
            if (y == IGNORE) continue;
            if (y < 0 || y >= classes) throw new IllegalArgumentException("cross-entropy: target " + y + " at row " + r + " is outside [0, " + classes + ")");
            count++;
        }
        float[] x = logits.data();
        Tensor grad = Tensor.zeros(logits.shape());
        float[] g = grad.data(), lse = new float[n];
        float inv = count == 0 ? 0f : 1f / count;
        Kernels k = compute.kernels();
        compute.parallelFor(n, 64, (r0, r1) -> {                     // rows are independent: any split gives the same numbers
            float[] part = new float[r1 - r0];
            k.softmax(x, r0 * classes, g, r0 * classes, part, r1 - r0, classes);
            System.arraycopy(part, 0, lse, r0, part.length);
            for (int r = r0; r < r1; r++) {
                int y = target[r], o = r * classes;
                if (y == IGNORE) {
                    java.util.Arrays.fill(g, o, o + classes, 0f);
                    continue;
                }
                g[o + y] -= 1f;
                for (int j = 0; j < classes; j++) g[o + j] *= inv;
            }
        });
        double sum = 0;
        for (int r = 0; r < n; r++) {
            if (target[r] != IGNORE) sum += (double) lse[r] - x[r * classes + target[r]];
        }
        return new Result(count == 0 ? 0 : sum / count, grad);
    }

    /** A copy of targets [B, T] with every step t ≥ lengths[b] set to {@link #IGNORE}. */
    public static int[] maskPadding(int[] targets, int[] lengths, int steps) {
        int[] out = targets.clone();
        for (int b = 0; b < lengths.length; b++) {
            for (int t = lengths[b]; t < steps; t++) out[b * steps + t] = IGNORE;
        }
        return out;
    }
}
