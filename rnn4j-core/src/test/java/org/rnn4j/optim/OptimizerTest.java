package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.testing.Golden;

/** Three steps of each optimizer (and of AdamW), and gradient clipping, against PyTorch on the same gradients. */
class OptimizerTest {
    final Golden g = Golden.load("optimizers");

    void matches(String name, Function<List<Param>, Optimizer> make) {
        Param w = new Param("w", new Tensor(g.floats("w0"), 5));
        Optimizer opt = make.apply(List.of(w));
        for (int s = 0; s < 3; s++) {
            System.arraycopy(Golden.floats(g.node("grads").get(s)), 0, w.grad().data(), 0, 5);
            opt.step();
            Check.close(name + " step " + (s + 1), Golden.floats(g.node(name).get(s)), w.value().data(), 1e-5);
        }
    }

    @Test void sgdWithMomentum() { matches("sgd_momentum", ps -> new Sgd(ps, 0.1, 0.9)); }

    @Test void adam() { matches("adam", ps -> new Adam(ps, 0.01)); }

    @Test void rmsprop() { matches("rmsprop", ps -> new RmsProp(ps, 0.01)); }

    @Test void adagrad() { matches("adagrad", ps -> new Adagrad(ps, 0.1)); }

    /** PyTorch's AdamW(lr = 0.01, weight_decay = 0.5) is the decay the training loop applies, then Adam's step. */
    @Test
    void adamWithDecoupledWeightDecayIsAdamW() {
        matches("adamw", ps -> {
            Adam adam = new Adam(ps, 0.01);
            return new Optimizer() {
                @Override public void step() {
                    WeightDecay.apply(ps, adam.learningRate(), 0.5);
                    adam.step();
                }

                @Override public double learningRate() { return adam.learningRate(); }

                @Override public void setLearningRate(double lr) { adam.setLearningRate(lr); }

                @Override public java.util.Map<String, float[]> state() { return adam.state(); }
            };
        });
    }

    @Test
    void clipByGlobalNorm() {
        Param w = new Param("w", Tensor.zeros(5));
        System.arraycopy(Golden.floats(g.node("clip").get("grad")), 0, w.grad().data(), 0, 5);
        double norm = Gradients.clipGlobalNorm(List.of(w), g.node("clip").get("max_norm").asDouble());
        assertEquals(g.node("clip").get("norm").asDouble(), norm, 1e-5);
        Check.close("clipped", Golden.floats(g.node("clip").get("clipped")), w.grad().data(), 1e-5);
        assertEquals(1.0, Gradients.globalNorm(List.of(w)), 1e-5);
    }
}
