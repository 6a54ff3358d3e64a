package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Param;

/** Adagrad (PyTorch's form): {@code s += g²}, {@code w -= η g / (√s + ε)}. */
public final class Adagrad implements Optimizer {
    private final List<Param> params;
    private final float eps;
    private final float[][] sum;
    private double lr;

    public Adagrad(List<Param> params, double lr, double eps) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.eps = (float) eps;
        this.sum = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) sum[i] = new float[params.get(i).value().size()];
    }

    /** ε = 1e-10, PyTorch's default. */
    public Adagrad(List<Param> params, double lr) {
        this(params, lr, 1e-10);
    }

    @Override
    public void step() {
        float eta = (float) lr;
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).value().data(), g = params.get(i).grad().data(), s = sum[i];
            for (int j = 0; j < w.length; j++) {
                s[j] += g[j] * g[j];
                w[j] -= eta * g[j] / ((float) Math.sqrt(s[j]) + eps);
            }
            params.get(i).value().changed();
        }
    }

    @Override
    public java.util.Map<String, float[]> state() { return Optimizer.named("sum", params, sum); }

    @Override public double learningRate() { return lr; }

    @Override public void setLearningRate(double lr) { this.lr = lr; }
}
