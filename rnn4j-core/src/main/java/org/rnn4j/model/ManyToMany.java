package org.rnn4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Dropout;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Many-to-many of the same length: one class per input step (tags; or the next token, for a language model,
 * whose targets are its inputs shifted by one). {@code input → rnn → head} with the head applied at every step
 * and softmax cross-entropy over the true steps. Modules: {@code embedding.weight}, {@code rnn.*}, {@code head.*}.
 * A unidirectional model over tokens can stream and generate; a bidirectional one reads the future, so it cannot.
 */
public final class ManyToMany implements Model<Seq, int[]>, HiddenStates {

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
    private final Dropout dropout;
    private final Dense head;

    public ManyToMany(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        this.input = new InputLayer(config.input(), compute, rng);
        this.rnn = new RnnStack(config.rnn().stack(config.input().width()), compute, rng);
        this.dropout = new Dropout(config.rnn().dropout());
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
        return new Forward(head.forward(dropout.forward(rnn.forward(p.x(), p.lengths(), null, rng).out(), rng)), p.lengths());
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
        input.backward(rnn.backward(dropout.backward(head.backward(r.grad())), null).dx());
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

    @Override
    public double[][] gradientFlow(List<Seq> x, List<int[]> y) {
        trainBatch(x, y, null);
        return rnn.stateGradientNorms();
    }

    /** One term per target step (padding steps, and steps whose target is IGNORE, are not targets). */
    @Override
    public long lossTerms(List<int[]> y) {
        long n = 0;
        for (int[] t : y) for (int c : t) if (c != SoftmaxCrossEntropy.IGNORE) n++;
        return n;
    }

    @Override
    public float[][] states(Seq x) {
        InputLayer.Padded p = input.forward(List.of(x));
        return HiddenStates.rows(rnn.infer(p.x(), p.lengths(), null).out());
    }

    /** A stream over a unidirectional model: feed chunks, get each step's logits as the whole sequence would. */
    public Stream stream() {
        return config.rnn().requireUnidirectional(new Stream());
    }

    /** The recurrent state between chunks. */
    public final class Stream {
        private State state;

        /** @return the logits [t][C] of each step of {@code chunk} */
        public float[][] feed(Seq chunk) {
            if (chunk.length() == 0) return new float[0][];
            InputLayer.Padded p = input.forward(List.of(chunk));
            SequenceLayer.Output o = rnn.infer(p.x(), p.lengths(), state);
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
        return Decoding.run(generator(null, prompt), strategy, eos, maxLength, rng);
    }

    /**
     * A language model seen one token at a time, after reading {@code tokens} from {@code state}: a prompt from the
     * start (state null), or the rest of a text whose beginning was read before (its state kept by the caller).
     */
    public Decoding.Generator<State> generator(State state, int[] tokens) {
        if (!(config.input() instanceof InputSpec.Tokens t) || t.vocab() != config.classes()) {
            throw new IllegalStateException("only a language model (token input, classes = vocabulary) can generate");
        }
        if (config.rnn().bidirectional()) throw new IllegalStateException("a bidirectional model reads future steps; it cannot generate");
        if (tokens.length == 0) throw new IllegalArgumentException("generation needs a prompt of at least one token (e.g. <bos>)");
        return new Decoding.Generator<>() {
            @Override
            public Decoding.Step<State> start() {
                return step(state, tokens);
            }

            @Override
            public Decoding.Step<State> next(State s, int token) {
                return step(s, new int[] {token});
            }
        };
    }

    /**
     * One step of a language model for B sequences at once, as B calls of a {@link #generator}'s {@code next} would
     * give: sequence b reads {@code tokens[b]} after its state, row b of {@code states} [L, B, H].
     *
     * @return the new states [L, B, H] and the logits of the next tokens [B·V], row by row
     */
    public Decoding.Step<State> next(State states, int[] tokens) {
        List<int[]> rows = new ArrayList<>(tokens.length);
        for (int t : tokens) rows.add(new int[] {t});
        return read(states, rows);
    }

    /**
     * B texts read at once, each after its own state, as B {@link #generator}s' {@code start} would read them:
     * sequence b reads {@code texts.get(b)} (at least one token) after row b of {@code states} [L, B, H], or after
     * the zero state when {@code states} is null. Rows of different lengths are padded, which changes no result.
     *
     * @return the states after each text [L, B, H] and the logits of the token after each text [B·V], row by row
     */
    public Decoding.Step<State> read(State states, List<int[]> texts) {
        List<Seq> rows = new ArrayList<>(texts.size());
        for (int[] t : texts) {
            if (t.length == 0) throw new IllegalArgumentException("every text read needs at least one token");
            rows.add(new Seq.Tokens(t));
        }
        InputLayer.Padded p = input.forward(rows);
        SequenceLayer.Output o = rnn.infer(p.x(), p.lengths(), states);
        int b = texts.size(), width = rnn.outputSize(), steps = o.out().dim(1);
        float[] last = new float[b * width];
        for (int r = 0; r < b; r++) System.arraycopy(o.out().data(), (r * steps + p.lengths()[r] - 1) * width, last, r * width, width);
        return new Decoding.Step<>(o.last(), head.forward(new Tensor(last, b, width)).data().clone());
    }

    private Decoding.Step<State> step(State state, int[] tokens) {
        return read(state, List.of(tokens));
    }
}
