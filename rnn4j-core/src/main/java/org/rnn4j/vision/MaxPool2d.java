package org.rnn4j.vision;

import org.rnn4j.tensor.Tensor;

/**
 * 2 × 2 max pooling with stride 2 over images [B, H, W, C] (channels last) → [B, ⌊H/2⌋, ⌊W/2⌋, C], as PyTorch's
 * {@code nn.MaxPool2d(2)}: an odd last row or column is dropped, and of equal values the first in row-major order
 * wins (and gets the gradient).
 */
public final class MaxPool2d {
    private int[] shape;
    private int[] argmax = new int[0];

    /**
     * @param x [B, H, W, C], H and W ≥ 2
     * @return [B, H/2, W/2, C]
     */
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) < 2 || x.dim(2) < 2) throw new IllegalArgumentException("MaxPool2d expects [B, H ≥ 2, W ≥ 2, C], got " + x);
        shape = x.shape();
        int batch = shape[0], h = shape[1], w = shape[2], c = shape[3], oh = h / 2, ow = w / 2;
        Tensor y = Tensor.zeros(batch, oh, ow, c);
        if (argmax.length != y.size()) argmax = new int[y.size()];
        float[] xs = x.data(), ys = y.data();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int o = ((b * oh + i) * ow + j) * c, p00 = ((b * h + 2 * i) * w + 2 * j) * c;
                    int p01 = p00 + c, p10 = p00 + w * c, p11 = p10 + c;
                    for (int ch = 0; ch < c; ch++) {
                        int best = p00 + ch;
                        if (xs[p01 + ch] > xs[best]) best = p01 + ch;
                        if (xs[p10 + ch] > xs[best]) best = p10 + ch;
                        if (xs[p11 + ch] > xs[best]) best = p11 + ch;
                        argmax[o + ch] = best;
                        ys[o + ch] = xs[best];
                    }
                }
            }
        }
        return y;
    }

    /** @param dy ∂L/∂y [B, H/2, W/2, C] → ∂L/∂x [B, H, W, C], each gradient to the input that was the maximum */
    public Tensor backward(Tensor dy) {
        if (dy.size() != argmax.length) throw new IllegalArgumentException("MaxPool2d backward expects " + argmax.length + " gradients, got " + dy);
        Tensor dx = Tensor.zeros(shape);
        float[] d = dx.data(), g = dy.data();
        for (int o = 0; o < argmax.length; o++) d[argmax[o]] += g[o];
        return dx;
    }
}
