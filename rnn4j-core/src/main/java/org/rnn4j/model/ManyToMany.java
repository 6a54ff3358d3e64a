package org.rnn4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.SoftmaxCrossEntropy;

/**
 * Many-to-many of the same length: one class per input step (tags; or the next token, for a language model,
 * whose targets are its inputs shifted by one). {@code input → rnn → head} with the head applied at every step
 * and softmax cross-entropy over the true steps. Modules: {@code embedding.weight}, {@code rnn.*}, {@code head.*}.
 * A unidirectional model over tokens can stream and generate; a bidirectional one reads the future, so it cannot.
 */
public final class ManyToMany implements Model<Seq, int[]> {

    /** The hyper-parameters; {@code classes} is C, the number of tags (V for a language model). */
    public record Config(InputSpec input, RnnSpec rnn, int classes) {
        public Config {
            if (classes < 2) throw new IllegalArgumentException("a tagger needs at least 2 classes, got " + classes);
        }
    }

    private final Config config;
    private final Compute compute;
    private final InputLayer input;
    private final RnnStack rnn;
    private final Dense head;

    public ManyToMany(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        this.input = new InputLayer(config.input(), rng);
        this.rnn = new RnnStack(config.rnn().stack(config.input().width()), compute, rng);
        this.head = new Dense(config.rnn().outputSize(), config.classes(), compute, rng);
    }

    @Override public Config config() { return config; }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>(input.params());
        rnn.params().forEach(p -> ps.add(p.withPrefix("rnn.")));
        head.params().forEach(p -> ps.add(p.withPrefix("head.")));
        return ps;
    }

    private record Forward(Tensor logits, int[] lengths) {}

    /** logits [B, T, C] */
    private Forward forward(List<Seq> x, RandomGenerator rng) {
        InputLayer.Padded p = input.forward(x);
        return new Forward(head.forward(rnn.forward(p.x(), p.lengths(), null, rng).out()), p.lengths());
    }

    private int[] targets(List<int[]> y, int[] lengths, int steps) {
        int[] t = new int[lengths.length * steps];
        Arrays.fill(t, SoftmaxCrossEntropy.IGNORE);
        for (int b = 0; b < lengths.length; b++) {
            if (y.get(b).length != lengths[b]) throw new IllegalArgumentException("sequence " + b + " has " + lengths[b] + " steps but " + y.get(b).length + " tags");
            System.arraycopy(y.get(b), 0, t, b * steps, lengths[b]);
        }
        return t;
    }

    @Override
    public double trainBatch(List<Seq> x, List<int[]> y, RandomGenerator rng) {
        Forward f = forward(x, rng);
        var r = new SoftmaxCrossEntropy(compute).evaluate(f.logits(), targets(y, f.lengths(), f.logits().dim(1)));
        input.backward(rnn.backward(head.backward(r.grad()), null).dx());
        return r.value();
    }

    @Override
    public double loss(List<Seq> x, List<int[]> y) {
        Forward f = forward(x, null);
        return new SoftmaxCrossEntropy(compute).evaluate(f.logits(), targets(y, f.lengths(), f.logits().dim(1))).value();
    }

    /** The logits [T][C] of every true step of each sequence. */
    public List<float[][]> logits(List<Seq> x) {
        List<float[][]> out = new ArrayList<>(x.size());
        int c = config.classes();
        for (int from = 0; from < x.size(); from += 256) {
            Forward f = forward(x.subList(from, Math.min(x.size(), from + 256)), null);
            int steps = f.logits().dim(1);
            for (int b = 0; b < f.lengths().length; b++) {
                float[][] rows = new float[f.lengths()[b]][];
                for (int t = 0; t < rows.length; t++) rows[t] = Arrays.copyOfRange(f.logits().data(), (b * steps + t) * c, (b * steps + t + 1) * c);
                out.add(rows);
            }
        }
        return out;
    }

    /** The most likely class of every step of {@code x}. */
    public int[] predict(Seq x) {
        float[][] rows = logits(List.of(x)).get(0);
        int[] tags = new int[rows.length];
        for (int t = 0; t < rows.length; t++) tags[t] = Decoding.argmax(Decoding.logSoftmax(rows[t], 1.0));
        return tags;
    }

    /**
     * The mean norm of ∂L/∂h_t for t = 1..T over a batch (see {@link GradientFlow}); the loss is the mean over
     * all true steps, as in training. Needs one direction; adds into the parameter gradients.
     */
    public double[] gradientFlow(List<Seq> x, List<int[]> y) {
        InputLayer.Padded p = input.forward(x);
        int steps = p.steps();
        int[] all = targets(y, p.lengths(), steps);
        int count = (int) java.util.Arrays.stream(all).filter(t -> t != SoftmaxCrossEntropy.IGNORE).count();
        int hidden = config.rnn().hidden(), top = config.rnn().layers() - 1;
        return GradientFlow.measure(rnn, p.x(), p.lengths(), (rest, lengths, init, from) -> {
            int b = lengths.length, w = rest.dim(1);
            // the loss at step t itself, read from h_t directly
            Tensor ht = Tensor.zeros(b, hidden);
            System.arraycopy(init.h().data(), top * b * hidden, ht.data(), 0, b * hidden);
            int[] now = new int[b];
            for (int i = 0; i < b; i++) now[i] = p.lengths()[i] >= from ? all[i * steps + from - 1] : SoftmaxCrossEntropy.IGNORE;
            Tensor dDirect = head.backward(scaled(new SoftmaxCrossEntropy(compute).evaluate(head.forward(ht), now), now, count));
            // the losses of the steps after t, through the recurrence
            SequenceLayer.Output o = rnn.forward(rest, lengths, init, null);
            int[] later = new int[b * w];
            java.util.Arrays.fill(later, SoftmaxCrossEntropy.IGNORE);
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < lengths[i]; s++) later[i * w + s] = all[i * steps + from + s];
            }
            State d = rnn.backward(head.backward(scaled(new SoftmaxCrossEntropy(compute).evaluate(head.forward(o.out()), later), later, count)), null).dInit();
            for (int i = 0; i < b * hidden; i++) d.h().data()[top * b * hidden + i] += dDirect.data()[i];
            return d;
        });
    }

    /** The gradient of a mean over part of the steps, rescaled to the mean over all {@code total} steps. */
    private static Tensor scaled(org.rnn4j.train.Loss.Result r, int[] targets, int total) {
        int part = 0;
        for (int t : targets) if (t != SoftmaxCrossEntropy.IGNORE) part++;
        float scale = (float) part / total;
        for (int i = 0; i < r.grad().size(); i++) r.grad().data()[i] *= scale;
        return r.grad();
    }

    /** A stream over a unidirectional model: feed chunks, get each step's logits as the whole sequence would. */
    public Stream stream() {
        if (config.rnn().bidirectional()) throw new IllegalStateException("a bidirectional model reads the whole sequence; it cannot stream");
        return new Stream();
    }

    /** The recurrent state between chunks. */
    public final class Stream {
        private State state;

        /** @return the logits [t][C] of each step of {@code chunk} */
        public float[][] feed(Seq chunk) {
            if (chunk.length() == 0) return new float[0][];
            InputLayer.Padded p = input.forward(List.of(chunk));
            SequenceLayer.Output o = rnn.forward(p.x(), p.lengths(), state, null);
            state = o.last();
            Tensor logits = head.forward(o.out());
            int c = config.classes();
            float[][] rows = new float[chunk.length()][];
            for (int t = 0; t < rows.length; t++) rows[t] = Arrays.copyOfRange(logits.data(), t * c, (t + 1) * c);
            return rows;
        }
    }

    /**
     * Continues {@code prompt} (a language model over tokens: classes = V) with up to {@code maxLength} tokens.
     *
     * @param eos the end-of-sequence token, or -1 to always generate {@code maxLength}
     */
    public List<Decoding.Hypothesis> generate(int[] prompt, Decoding.Strategy strategy, int eos, int maxLength, RandomGenerator rng) {
        if (!(config.input() instanceof InputSpec.Tokens t) || t.vocab() != config.classes()) {
            throw new IllegalStateException("only a language model (token input, classes = vocabulary) can generate");
        }
        if (config.rnn().bidirectional()) throw new IllegalStateException("a bidirectional model reads future steps; it cannot generate");
        if (prompt.length == 0) throw new IllegalArgumentException("generation needs a prompt of at least one token (e.g. <bos>)");
        return Decoding.run(new Decoding.Generator<State>() {
            @Override
            public Decoding.Step<State> start() {
                return step(null, prompt);
            }

            @Override
            public Decoding.Step<State> next(State state, int token) {
                return step(state, new int[] {token});
            }
        }, strategy, eos, maxLength, rng);
    }

    private Decoding.Step<State> step(State state, int[] tokens) {
        InputLayer.Padded p = input.forward(List.of(new Seq.Tokens(tokens)));
        SequenceLayer.Output o = rnn.forward(p.x(), p.lengths(), state, null);
        Tensor lastOut = new Tensor(Arrays.copyOfRange(o.out().data(), (tokens.length - 1) * rnn.outputSize(), tokens.length * rnn.outputSize()), 1, rnn.outputSize());
        return new Decoding.Step<>(o.last(), head.forward(lastOut).data());
    }
}
