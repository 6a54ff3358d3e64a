package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Dropout;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Many-to-one: a sequence in, one value out (sentiment, topic, a rating, the next value of a series).
 * {@code input → rnn → pooling → dropout → head}; the head is a dense layer whose width and loss follow the {@link Target}.
 * Modules: {@code embedding.weight}, {@code rnn.*}, {@code head.weight}, {@code head.bias}.
 */
public final class ManyToOne implements SequenceToVector, HiddenStates {

    /** The hyper-parameters. */
    public record Config(InputSpec input, RnnSpec rnn, Pooling pooling, Target target) {}

    private final Config config;
    private final Compute compute;
    private final InputLayer input;
    private final RnnStack rnn;
    private final PoolingLayer pool;
    private final Dropout dropout;
    private final Dense head;

    public ManyToOne(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        this.input = new InputLayer(config.input(), compute, rng);
        this.rnn = new RnnStack(config.rnn().stack(config.input().width()), compute, rng);
        this.pool = new PoolingLayer(config.pooling(), config.rnn());
        this.dropout = new Dropout(config.rnn().dropout());
        this.head = new Dense(config.rnn().outputSize(), config.target().width(), compute, rng);
    }

    @Override public Config config() { return config; }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>(input.params());
        rnn.params().forEach(p -> ps.add(p.withPrefix("rnn.")));
        head.params().forEach(p -> ps.add(p.withPrefix("head.")));
        return ps;
    }

    /** @return raw outputs [B, width] (logits or values); @param rng dropout, or null at inference */
    Tensor forward(List<Seq> x, RandomGenerator rng) {
        InputLayer.Padded p = input.forward(x);
        SequenceLayer.Output o = rnn.forward(p.x(), p.lengths(), null, rng);
        return head.forward(dropout.forward(pool.forward(o, p.lengths()), rng));
    }

    /**
     * Raw outputs [B, width] at inference, the same as {@code forward(x, null)} bit for bit, but keeping no caches
     * for a backward (and, when the last state is pooled, writing no per-step outputs).
     */
    private Tensor infer(List<Seq> x) {
        InputLayer.Padded p = input.forward(x);
        return head.forward(pool.infer(rnn, p.x(), p.lengths()));
    }

    /** @param dOut ∂L/∂outputs [B, width] of the latest forward */
    void backward(Tensor dOut) {
        PoolingLayer.Grad g = pool.backward(dropout.backward(head.backward(dOut)));
        input.backward(rnn.backward(g.dOut(), g.dLast()).dx());
    }

    @Override
    public double trainBatch(List<Seq> x, List<float[]> y, RandomGenerator rng) {
        var r = config.target().loss(forward(x, rng), y, compute);
        backward(r.grad());
        return r.value();
    }

    @Override
    public double loss(List<Seq> x, List<float[]> y) {
        return config.target().loss(infer(x), y, compute).value();
    }

    /**
     * The raw outputs before the target's link function: logits (softmax or sigmoid gives {@link #predict}), or the
     * values of a regression.
     *
     * @param x B sequences
     * @return [B, width]
     */
    public Tensor logits(List<Seq> x) {
        return infer(x);
    }

    /** The prediction for each sequence: class probabilities (one p for binary) or values. */
    @Override
    public List<float[]> predict(List<Seq> x) {
        List<float[]> out = new ArrayList<>(x.size());
        int w = config.target().width();
        for (int from = 0; from < x.size(); from += 256) {
            Tensor raw = infer(x.subList(from, Math.min(x.size(), from + 256)));
            for (int i = 0; i < raw.dim(0); i++) out.add(config.target().predict(java.util.Arrays.copyOfRange(raw.data(), i * w, (i + 1) * w)));
        }
        return out;
    }

    public float[] predict(Seq x) {
        return predict(List.of(x)).get(0);
    }

    @Override
    public double[][] gradientFlow(List<Seq> x, List<float[]> y) {
        trainBatch(x, y, null);
        return rnn.stateGradientNorms();
    }

    @Override
    public float[][] states(Seq x) {
        InputLayer.Padded p = input.forward(List.of(x));
        return HiddenStates.rows(rnn.infer(p.x(), p.lengths(), null).out());
    }

    /**
     * A stream that reads a sequence a chunk at a time and predicts after every step, as {@link #predict} would
     * on the prefix read so far. Needs a unidirectional model.
     */
    public Stream stream() {
        return config.rnn().requireUnidirectional(new Stream(this));
    }

    /**
     * The state between chunks: the recurrent state and the running sum, maximum and count of the outputs. It holds no
     * part of a model, so any model of the same config and weights (a replica) can continue it ({@link #feed}).
     */
    public static final class Stream {
        private final ManyToOne model;
        private final Config config;
        private State state;
        private final float[] sum, max;
        private int count;

        private Stream(ManyToOne model) {
            this.model = model;
            this.config = model.config;
            this.sum = new float[config.rnn().outputSize()];
            this.max = new float[config.rnn().outputSize()];
        }

        /** The steps read so far. */
        public int steps() { return count; }

        /** @return one prediction per step of {@code chunk} [t][width], on the model that began the stream */
        public float[][] feed(Seq chunk) {
            return model.feed(this, chunk);
        }
    }

    /**
     * Continues {@code s}, begun by this model or a replica of it, with {@code chunk}.
     *
     * @return one prediction per step of {@code chunk} [t][width]
     */
    public float[][] feed(Stream s, Seq chunk) {
        if (!s.config.equals(config)) throw new IllegalArgumentException("the stream was begun by a model of another config");
        int t = chunk.length(), w = s.sum.length;
        if (t == 0) return new float[0][];
        InputLayer.Padded p = input.forward(List.of(chunk));
        SequenceLayer.Output o = rnn.infer(p.x(), p.lengths(), s.state);
        s.state = o.last();
        Tensor pooled = Tensor.zeros(t, w);
        float[] out = o.out().data(), pd = pooled.data();
        for (int step = 0; step < t; step++) {
            for (int j = 0; j < w; j++) {
                float v = out[step * w + j];
                s.sum[j] += v;
                s.max[j] = s.count == 0 || v > s.max[j] ? v : s.max[j];
                pd[step * w + j] = switch (config.pooling()) {
                    case LAST -> v;
                    case MEAN -> s.sum[j] / (s.count + 1);
                    case MAX -> s.max[j];
                };
            }
            s.count++;
        }
        Tensor raw = head.forward(pooled);
        int width = config.target().width();
        float[][] preds = new float[t][];
        for (int step = 0; step < t; step++) preds[step] = config.target().predict(java.util.Arrays.copyOfRange(raw.data(), step * width, (step + 1) * width));
        return preds;
    }
}
