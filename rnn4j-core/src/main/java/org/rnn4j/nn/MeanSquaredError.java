package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/** Mean squared error over all N elements (PyTorch {@code MSELoss}): {@code L = Σ (x - y)² / N}, ∂L/∂x = 2(x - y)/N. */
public final class MeanSquaredError implements Loss<float[]> {

    /** @param pred any shape with N elements; @param target float[N] */
    @Override
    public Result evaluate(Tensor pred, float[] target) {
        int n = pred.size();
        if (target.length != n) throw new IllegalArgumentException("MSE: " + n + " predictions but " + target.length + " targets");
        Tensor grad = Tensor.zeros(pred.shape());
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) pred.data()[i] - target[i];
            sum += d * d;
            grad.data()[i] = (float) (2 * d / n);
        }
        return new Result(sum / n, grad);
    }
}
