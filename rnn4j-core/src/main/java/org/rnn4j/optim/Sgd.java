package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Param;

/** Gradient descent {@code w = w - η ∂L/∂w}, with optional momentum: {@code v = μ v + g; w = w - η v}. */
public final class Sgd implements Optimizer {
    private final List<Param> params;
    private final float momentum;
    private final float[][] velocity;
    private double lr;

    public Sgd(List<Param> params, double lr, double momentum) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = (float) momentum;
        this.velocity = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) velocity[i] = momentum == 0 ? null : new float[params.get(i).value().size()];
    }

    /** Plain gradient descent, the course's update. */
    public Sgd(List<Param> params, double lr) {
        this(params, lr, 0);
    }

    @Override
    public void step() {
        float eta = (float) lr;
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).value().data(), g = params.get(i).grad().data(), v = velocity[i];
            if (v == null) {
                for (int j = 0; j < w.length; j++) w[j] -= eta * g[j];
            } else {
                for (int j = 0; j < w.length; j++) {
                    v[j] = momentum * v[j] + g[j];
                    w[j] -= eta * v[j];
                }
            }
            params.get(i).value().changed();
        }
    }

    @Override
    public java.util.Map<String, float[]> state() {
        return Optimizer.named("momentum_buffer", params, velocity);
    }

    @Override public double learningRate() { return lr; }

    @Override public void setLearningRate(double lr) { this.lr = lr; }
}
