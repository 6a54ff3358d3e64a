package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/**
 * Binary cross-entropy on logits (PyTorch {@code BCEWithLogitsLoss}, mean over the N predictions):
 * {@code L = -y log σ(x) - (1-y) log(1-σ(x))}, computed stably as {@code max(x,0) - x y + log(1 + e^{-|x|})};
 * ∂L/∂x = (σ(x) - y) / N.
 */
public final class BinaryCrossEntropy implements Loss<float[]> {

    /** @param logits [N] or [N, 1]; @param target float[N] in [0, 1] */
    @Override
    public Result evaluate(Tensor logits, float[] target) {
        int n = logits.size();
        if (target.length != n) throw new IllegalArgumentException("BCE: " + n + " logits but " + target.length + " targets");
        float[] x = logits.data();
        Tensor grad = Tensor.zeros(logits.shape());
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i], yi = target[i];
            sum += Math.max(xi, 0) - xi * yi + Math.log1p(Math.exp(-Math.abs(xi)));
            double p = xi >= 0 ? 1 / (1 + Math.exp(-xi)) : Math.exp(xi) / (1 + Math.exp(xi));
            grad.data()[i] = (float) ((p - yi) / n);
        }
        return new Result(sum / n, grad);
    }
}
