package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Param;

/** Operations on the gradients of a parameter list. */
public final class Gradients {
    private Gradients() {}

    public static void zero(List<Param> params) {
        for (Param p : params) p.zeroGrad();
    }

    /** The L2 norm of all gradients together, summed in double. */
    public static double globalNorm(List<Param> params) {
        double sq = 0;
        for (Param p : params) {
            for (float g : p.grad().data()) sq += (double) g * g;
        }
        return Math.sqrt(sq);
    }

    /**
     * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when the global norm exceeds {@code maxNorm}
     * (PyTorch {@code clip_grad_norm_}); returns the norm before clipping.
     */
    public static double clipGlobalNorm(List<Param> params, double maxNorm) {
        double norm = globalNorm(params);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Param p : params) {
                float[] g = p.grad().data();
                for (int i = 0; i < g.length; i++) g[i] *= c;
            }
        }
        return norm;
    }
}
