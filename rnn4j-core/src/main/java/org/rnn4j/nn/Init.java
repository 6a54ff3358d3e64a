package org.rnn4j.nn;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/** Parameter initialisation from the one random source a model is given, and state-shape checks. */
public final class Init {
    private Init() {}

    /** A tensor of the given shape with entries drawn from U(-bound, bound). */
    public static Tensor uniform(RandomGenerator rng, float bound, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return t;
    }

    /** A tensor of the given shape with entries drawn from N(0, 1). */
    static Tensor normal(RandomGenerator rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return t;
    }

    /** Checks an initial state against [N, B, H], with a c exactly when the cell has one; null is allowed. */
    static void checkState(State s, int n, int batch, int hidden, boolean hasCellState) {
        if (s == null) return;
        if (s.h() == null) throw new IllegalArgumentException("initial state has no h");
        s.h().requireShape("initial state h [N, B, H]", n, batch, hidden);
        if (hasCellState && s.c() != null) s.c().requireShape("initial state c [N, B, H]", n, batch, hidden);
        if (!hasCellState && s.c() != null) throw new IllegalArgumentException("initial state has a c, but this cell has no cell state");
    }
}
