package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Param;

/**
 * Adam (PyTorch's form): {@code m = β1 m + (1-β1) g}, {@code v = β2 v + (1-β2) g²},
 * {@code w -= (η / (1-β1^t)) · m / (√v / √(1-β2^t) + ε)}.
 */
public final class Adam implements Optimizer {
    private final List<Param> params;
    private final float beta1, beta2, eps;
    private final float[][] m, v;
    private double lr;
    private final float[] t = new float[1];          // the step count, a float so it travels with the other state (exact to 2^24)

    public Adam(List<Param> params, double lr, double beta1, double beta2, double eps) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).value().size()];
            v[i] = new float[params.get(i).value().size()];
        }
    }

    /** β1 = 0.9, β2 = 0.999, ε = 1e-8, PyTorch's defaults. */
    public Adam(List<Param> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8);
    }

    @Override
    public void step() {
        int step = (int) ++t[0];
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        float bias2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).value().data(), g = params.get(i).grad().data(), mi = m[i], vi = v[i];
            for (int j = 0; j < w.length; j++) {
                mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
                vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j];
                w[j] -= stepSize * mi[j] / ((float) Math.sqrt(vi[j]) / bias2Sqrt + eps);
            }
            params.get(i).value().changed();
        }
    }

    @Override
    public java.util.Map<String, float[]> state() {
        java.util.Map<String, float[]> s = Optimizer.named("exp_avg", params, m);
        s.putAll(Optimizer.named("exp_avg_sq", params, v));
        s.put("step", t);
        return s;
    }

    @Override public double learningRate() { return lr; }

    @Override public void setLearningRate(double lr) { this.lr = lr; }
}
