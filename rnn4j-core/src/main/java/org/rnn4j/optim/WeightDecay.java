package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Param;

/**
 * Decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"): before the optimizer's
 * update, every weight shrinks by {@code lr · decay} of itself, independently of the gradient. Followed by
 * {@link Adam#step()} it is PyTorch's {@code AdamW}.
 */
public final class WeightDecay {
    private WeightDecay() {}

    /** {@code w *= 1 - lr · decay} for every weight of {@code params}. */
    public static void apply(List<Param> params, double lr, double decay) {
        if (decay == 0) return;
        float keep = (float) (1 - lr * decay);
        for (Param p : params) {
            float[] w = p.value().data();
            for (int i = 0; i < w.length; i++) w[i] *= keep;
            p.value().changed();
        }
    }
}
