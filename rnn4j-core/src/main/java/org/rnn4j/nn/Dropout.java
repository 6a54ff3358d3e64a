package org.rnn4j.nn;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * Inverted dropout: keep each value with probability 1-p and scale it by 1/(1-p); backward uses the same mask.
 * The static methods serve layers that keep their own masks ({@link RnnStack}); an instance is the layer a model puts
 * in front of its output layer: forward draws and keeps the mask while training, backward applies it.
 */
public final class Dropout {
    private final float p;
    private float[] mask;

    /** @param p the probability of dropping a value, in [0, 1) */
    public Dropout(float p) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        this.p = p;
    }

    /** @param x any shape; @param rng dropout while training, or null at inference (x itself is returned) */
    public Tensor forward(Tensor x, RandomGenerator rng) {
        if (rng == null || p == 0f) {
            mask = null;
            return x;
        }
        mask = mask(x.size(), p, rng);
        Tensor y = x.copy();
        apply(y.data(), mask);
        return y;
    }

    /** @param dy ∂L/∂y of the latest forward, the shape of its x */
    public Tensor backward(Tensor dy) {
        if (mask == null) return dy;
        Tensor dx = dy.copy();
        apply(dx.data(), mask);
        return dx;
    }

    /** A mask of n entries, each 0 or 1/(1-p), drawn from {@code rng}. */
    public static float[] mask(int n, float p, RandomGenerator rng) {
        float keep = 1f / (1f - p);
        float[] m = new float[n];
        for (int i = 0; i < n; i++) m[i] = rng.nextFloat() < p ? 0f : keep;
        return m;
    }

    /** x *= mask, element-wise. */
    public static void apply(float[] x, float[] mask) {
        for (int i = 0; i < x.length; i++) x[i] *= mask[i];
    }
}
