package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Param;

/** RMSprop (PyTorch's form): {@code s = α s + (1-α) g²}, {@code w -= η g / (√s + ε)}. */
public final class RmsProp implements Optimizer {
    private final List<Param> params;
    private final float alpha, eps;
    private final float[][] sq;
    private double lr;

    public RmsProp(List<Param> params, double lr, double alpha, double eps) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.alpha = (float) alpha;
        this.eps = (float) eps;
        this.sq = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) sq[i] = new float[params.get(i).value().size()];
    }

    /** α = 0.99, ε = 1e-8, PyTorch's defaults. */
    public RmsProp(List<Param> params, double lr) {
        this(params, lr, 0.99, 1e-8);
    }

    @Override
    public void step() {
        float eta = (float) lr;
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).value().data(), g = params.get(i).grad().data(), s = sq[i];
            for (int j = 0; j < w.length; j++) {
                s[j] = alpha * s[j] + (1 - alpha) * g[j] * g[j];
                w[j] -= eta * g[j] / ((float) Math.sqrt(s[j]) + eps);
            }
            params.get(i).value().changed();
        }
    }

    @Override
    public java.util.Map<String, float[]> state() { return Optimizer.named("square_avg", params, sq); }

    @Override public double learningRate() { return lr; }

    @Override public void setLearningRate(double lr) { this.lr = lr; }
}
