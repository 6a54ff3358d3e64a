package org.rnn4j.nn;

import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * Layer normalisation over the last dimension (PyTorch's {@code nn.LayerNorm(width)}, ε = 1e-5): each row's mean
 * and biased variance, {@code y = (x - mean) / √(var + ε) · weight + bias}, weight starting at 1 and bias at 0.
 * Forward and backward side by side; sums in double.
 */
public final class LayerNorm {
    static final double EPS = 1e-5;
    private final int width;
    private final Param weight, bias;
    private float[] normalised, inverse;     // the latest forward's x̂ [rows, W] and 1/√(var + ε) [rows]

    public LayerNorm(int width, String prefix) {
        this.width = width;
        Tensor ones = Tensor.zeros(width);
        ones.fill(1f);
        this.weight = new Param(prefix + "weight", ones);
        this.bias = new Param(prefix + "bias", Tensor.zeros(width));
    }

    public List<Param> params() { return List.of(weight, bias); }

    /** @param x [..., W]; @return [..., W] */
    public Tensor forward(Tensor x) {
        int rows = x.size() / width;
        float[] in = x.data(), w = weight.value().data(), b = bias.value().data();
        Tensor y = Tensor.zeros(x.shape());
        normalised = new float[x.size()];
        inverse = new float[rows];
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double sum = 0, sq = 0;
            for (int j = 0; j < width; j++) sum += in[o + j];
            double mean = sum / width;
            for (int j = 0; j < width; j++) sq += (in[o + j] - mean) * (in[o + j] - mean);
            double inv = 1 / Math.sqrt(sq / width + EPS);
            inverse[r] = (float) inv;
            for (int j = 0; j < width; j++) {
                float n = (float) ((in[o + j] - mean) * inv);
                normalised[o + j] = n;
                y.data()[o + j] = n * w[j] + b[j];
            }
        }
        return y;
    }

    /**
     * @param dy ∂L/∂y [..., W]; adds ∂L/∂weight and ∂L/∂bias and returns
     * ∂L/∂x = inv · (d - mean(d) - x̂ · mean(d · x̂)) with d = dy · weight
     */
    public Tensor backward(Tensor dy) {
        int rows = inverse.length;
        float[] g = dy.data(), w = weight.value().data(), dw = weight.grad().data(), db = bias.grad().data();
        Tensor dx = Tensor.zeros(dy.shape());
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double meanD = 0, meanDn = 0;
            for (int j = 0; j < width; j++) {
                double d = g[o + j] * w[j];
                meanD += d;
                meanDn += d * normalised[o + j];
                dw[j] += g[o + j] * normalised[o + j];
                db[j] += g[o + j];
            }
            meanD /= width;
            meanDn /= width;
            for (int j = 0; j < width; j++) {
                dx.data()[o + j] = (float) (inverse[r] * (g[o + j] * w[j] - meanD - normalised[o + j] * meanDn));
            }
        }
        return dx;
    }
}
