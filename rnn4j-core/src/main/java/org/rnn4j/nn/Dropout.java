package org.rnn4j.nn;

import java.util.random.RandomGenerator;

/** Inverted dropout: keep each value with probability 1-p and scale it by 1/(1-p); backward uses the same mask. */
public final class Dropout {
    private Dropout() {}

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
