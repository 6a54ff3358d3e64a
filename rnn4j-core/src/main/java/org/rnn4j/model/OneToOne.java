package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * One-to-one: a plain feed-forward network on one feature vector (bag-of-words, TF-IDF, any fixed-size input),
 * on the same API as the recurrent models so both can be compared on the same data. {@code hidden} ReLU layers
 * then a head as the {@link Target} says. Modules: {@code hidden.0.*}, {@code hidden.1.*}, ..., {@code head.*}.
 */
public final class OneToOne implements Model<float[], float[]> {

    /** The hyper-parameters: F, the widths of the hidden layers (may be empty), the target. */
    public record Config(int features, List<Integer> hidden, Target target) {
        public Config {
            if (features < 1) throw new IllegalArgumentException("features must be ≥ 1, got " + features);
            hidden = List.copyOf(hidden);
        }
    }

    private final Config config;
    private final Compute compute;
    private final List<Dense> layers = new ArrayList<>();
    private final List<Tensor> activations = new ArrayList<>();

    public OneToOne(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        int in = config.features();
        for (int width : config.hidden()) {
            layers.add(new Dense(in, width, compute, rng));
            in = width;
        }
        layers.add(new Dense(in, config.target().width(), compute, rng));
    }

    @Override public Config config() { return config; }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = i == layers.size() - 1 ? "head." : "hidden." + i + ".";
            layers.get(i).params().forEach(p -> ps.add(p.withPrefix(prefix)));
        }
        return ps;
    }

    /**
     * The raw outputs before the target's link function: logits, or the values of a regression.
     *
     * @param x B feature vectors [F]
     * @return [B, width]
     */
    public Tensor logits(List<float[]> x) {
        return forward(x).copy();
    }

    /** @return raw outputs [B, width] */
    private Tensor forward(List<float[]> x) {
        int b = x.size(), f = config.features();
        Tensor h = Tensor.zeros(b, f);
        for (int i = 0; i < b; i++) {
            if (x.get(i).length != f) throw new IllegalArgumentException("input " + i + " has " + x.get(i).length + " features, expected " + f);
            System.arraycopy(x.get(i), 0, h.data(), i * f, f);
        }
        activations.clear();
        for (int l = 0; l < layers.size(); l++) {
            h = layers.get(l).forward(h);
            if (l < layers.size() - 1) {
                compute.kernels().relu(h.data(), 0, h.data(), 0, h.size());
                activations.add(h);
            }
        }
        return h;
    }

    private void backward(Tensor dOut) {
        Tensor d = dOut;
        for (int l = layers.size() - 1; l >= 0; l--) {
            if (l < layers.size() - 1) {
                Tensor a = activations.get(l);
                compute.kernels().reluBackward(a.data(), 0, d.data(), 0, d.data(), 0, d.size());   // backprop through relu
            }
            d = layers.get(l).backward(d);
        }
    }

    @Override
    public double trainBatch(List<float[]> x, List<float[]> y, RandomGenerator rng) {
        var r = config.target().loss(forward(x), y, compute);
        backward(r.grad());
        return r.value();
    }

    /** Empty: no recurrence. */
    @Override
    public double[][] gradientFlow(List<float[]> x, List<float[]> y) {
        return new double[0][];
    }

    @Override
    public double loss(List<float[]> x, List<float[]> y) {
        return config.target().loss(forward(x), y, compute).value();
    }

    /** Class probabilities (one p for binary) or values, per input. */
    public List<float[]> predict(List<float[]> x) {
        Tensor raw = forward(x);
        int w = config.target().width();
        List<float[]> out = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) out.add(config.target().predict(java.util.Arrays.copyOfRange(raw.data(), i * w, (i + 1) * w)));
        return out;
    }

    public float[] predict(float[] x) {
        return predict(List.of(x)).get(0);
    }
}
