package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.ConvEncoder;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * One-to-many: one vector [F] (an image's pixels, features, a class as one-hot, a number) → a token sequence
 * (a caption, a count). With an {@code image} config, the vector is an image's H·W·C pixels and a
 * {@link ConvEncoder}, trained jointly with the decoder, turns it into the features v; otherwise v is the vector.
 * v sets the decoder's initial state, {@code h0_l = tanh(bridge(v))_l} for every layer l (c0 = 0 for LSTM); the
 * decoder is trained with teacher forcing. Modules: {@code encoder.*} (with an image), {@code bridge.*},
 * {@code decoder.*}.
 */
public final class OneToMany implements Model<float[], int[]> {

    /**
     * The hyper-parameters: F, V (including bos and eos), E, the decoder body (one direction), and the image
     * encoder (null: the input vector is the features).
     */
    public record Config(int features, int vocab, int embedding, RnnSpec rnn, int bos, int eos, ConvEncoder.Config image) {
        public Config {
            if (features < 1) throw new IllegalArgumentException("features must be ≥ 1, got " + features);
            if (image != null && image.pixels() != features) {
                throw new IllegalArgumentException("an image of " + image.height() + "×" + image.width() + "×" + image.channels() + " has " + image.pixels() + " values, not " + features);
            }
            if (bos < 0 || bos >= vocab || eos < 0 || eos >= vocab) throw new IllegalArgumentException("bos " + bos + " and eos " + eos + " must be tokens in [0, " + vocab + ")");
        }

        /** The width of v, what the bridge reads. */
        public int encoded() {
            return image == null ? features : image.features();
        }
    }

    private final Config config;
    private final Compute compute;
    private final ConvEncoder encoder;
    private final Dense bridge;
    private final TokenDecoder decoder;
    private Tensor h0;

    public OneToMany(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        this.encoder = config.image() == null ? null : new ConvEncoder(config.image(), compute, rng);
        this.bridge = new Dense(config.encoded(), config.rnn().layers() * config.rnn().hidden(), compute, rng);
        this.decoder = new TokenDecoder(config.vocab(), config.embedding(), config.rnn(), null, 0, compute, rng);
    }

    @Override public Config config() { return config; }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        if (encoder != null) encoder.params().forEach(p -> ps.add(p.withPrefix("encoder.")));
        bridge.params().forEach(p -> ps.add(p.withPrefix("bridge.")));
        decoder.params().forEach(p -> ps.add(p.withPrefix("decoder.")));
        return ps;
    }

    /** x [B, F] → (through the encoder) v → initial state [L, B, H]. */
    private State init(List<float[]> x) {
        int b = x.size(), f = config.features(), layers = config.rnn().layers(), hidden = config.rnn().hidden();
        Tensor v = Tensor.zeros(b, f);
        for (int i = 0; i < b; i++) {
            if (x.get(i).length != f) throw new IllegalArgumentException("input " + i + " has " + x.get(i).length + " features, expected " + f);
            System.arraycopy(x.get(i), 0, v.data(), i * f, f);
        }
        h0 = bridge.forward(encoder == null ? v : encoder.forward(v));
        compute.kernels().tanh(h0.data(), 0, h0.data(), 0, h0.size());
        Tensor h = Tensor.zeros(layers, b, hidden);
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < b; i++) System.arraycopy(h0.data(), (i * layers + l) * hidden, h.data(), (l * b + i) * hidden, hidden);
        }
        return new State(h, config.rnn().cell().hasCellState() ? Tensor.zeros(layers, b, hidden) : null);
    }

    /** ∂L/∂h [L, B, H] → through tanh, the bridge and the encoder. */
    private void initBackward(State dInit) {
        int layers = dInit.h().dim(0), b = dInit.h().dim(1), hidden = dInit.h().dim(2);
        Tensor d = Tensor.zeros(b, layers * hidden);
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < b; i++) System.arraycopy(dInit.h().data(), (l * b + i) * hidden, d.data(), (i * layers + l) * hidden, hidden);
        }
        compute.kernels().tanhBackward(h0.data(), 0, d.data(), 0, d.data(), 0, d.size());
        Tensor dv = bridge.backward(d);
        if (encoder != null) encoder.backward(dv);
    }

    @Override
    public double trainBatch(List<float[]> x, List<int[]> y, RandomGenerator rng) {
        State init = init(x);
        TeacherForcing.Batch t = TeacherForcing.of(y, config.bos(), config.eos(), config.vocab());
        var r = t.loss(decoder.forward(t.inputs(), t.lengths(), t.steps(), init, null, rng).logits(), compute);
        initBackward(decoder.backward(r.grad()).dInit());
        return r.value();
    }

    /** The decoder's, over the steps it writes. */
    @Override
    public double[][] gradientFlow(List<float[]> x, List<int[]> y) {
        trainBatch(x, y, null);
        return decoder.stateGradientNorms();
    }

    @Override
    public double loss(List<float[]> x, List<int[]> y) {
        State init = init(x);
        TeacherForcing.Batch t = TeacherForcing.of(y, config.bos(), config.eos(), config.vocab());
        return t.loss(decoder.forward(t.inputs(), t.lengths(), t.steps(), init, null, null).logits(), compute).value();
    }

    /** The teacher-forced logits [B, T+1, V] of targets {@code y} given inputs {@code x}. */
    public Tensor logits(List<float[]> x, List<int[]> y) {
        State init = init(x);
        TeacherForcing.Batch t = TeacherForcing.of(y, config.bos(), config.eos(), config.vocab());
        return decoder.forward(t.inputs(), t.lengths(), t.steps(), init, null, null).logits();
    }

    /** The sequence written for {@code x} by greedy decoding. */
    public int[] predict(float[] x, int maxLength) {
        return generate(x, new Decoding.Greedy(), maxLength, null).get(0).tokens();
    }

    /** Writes sequences for {@code x}; beam search returns the best {@code width}, best first. */
    public List<Decoding.Hypothesis> generate(float[] x, Decoding.Strategy strategy, int maxLength, RandomGenerator rng) {
        return Decoding.run(generator(x), strategy, config.eos(), maxLength, rng);
    }

    /** The decoder seen one token at a time, started from {@code x}. */
    public Decoding.Generator<State> generator(float[] x) {
        State init = init(List.of(x));
        return new Decoding.Generator<>() {
            @Override
            public Decoding.Step<State> start() {
                return decoder.step(init, config.bos(), null);
            }

            @Override
            public Decoding.Step<State> next(State state, int token) {
                return decoder.step(state, token, null);
            }
        };
    }
}
