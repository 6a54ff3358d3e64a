package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Attention;
import org.rnn4j.vision.ConvEncoder;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * One-to-many: one vector [F] (an image's pixels, features, a class as one-hot, a number) → a token sequence
 * (a caption, a count). v sets the decoder's initial state, {@code h0_l = tanh(bridge(v))_l} for every layer l
 * (c0 = 0 for LSTM); the decoder is trained with teacher forcing. Modules: {@code encoder.*} (with an image),
 * {@code bridge.*}, {@code decoder.*}.
 *
 * <p>With an {@code image} config, the vector is an image's H·W·C pixels and a {@link ConvEncoder}, trained jointly
 * with the decoder, turns it into a map of P = h·w positions with C features each; v is that whole map, and at every
 * step the decoder also attends over the positions (general attention, as in Xu et al., "Show, Attend and Tell"),
 * each position's features followed by its row and column in [-1, 1], so the decoder knows where what it attends
 * to is. The gradient of every word then reaches the image features directly, not only through h0.
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
        this.decoder = config.image() == null ? new TokenDecoder(config.vocab(), config.embedding(), config.rnn(), null, 0, compute, rng)
                : new TokenDecoder(config.vocab(), config.embedding(), config.rnn(), Attention.Score.GENERAL, config.image().filters().get(config.image().filters().size() - 1) + 2, compute, rng);
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

    /** The decoder's start: its initial state [L, B, H], and the image positions it attends over (null without an image). */
    private record Start(State init, Attention.Memory memory) {}

    /** x [B, F] → (through the encoder) v → initial state [L, B, H] and memory. */
    private Start init(List<float[]> x) {
        int b = x.size(), f = config.features(), layers = config.rnn().layers(), hidden = config.rnn().hidden();
        Tensor v = Tensor.zeros(b, f);
        for (int i = 0; i < b; i++) {
            if (x.get(i).length != f) throw new IllegalArgumentException("input " + i + " has " + x.get(i).length + " features, expected " + f);
            System.arraycopy(x.get(i), 0, v.data(), i * f, f);
        }
        Tensor features = encoder == null ? v : encoder.forward(v);
        h0 = bridge.forward(features);
        compute.kernels().tanh(h0.data(), 0, h0.data(), 0, h0.size());
        Tensor h = Tensor.zeros(layers, b, hidden);
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < b; i++) System.arraycopy(h0.data(), (i * layers + l) * hidden, h.data(), (l * b + i) * hidden, hidden);
        }
        return new Start(new State(h, config.rnn().cell().hasCellState() ? Tensor.zeros(layers, b, hidden) : null), encoder == null ? null : memory(features));
    }

    /** The positions of the feature map [B, P·C] as keys [B, P, C + 2]: each position's features, its row and its column. */
    private Attention.Memory memory(Tensor features) {
        ConvEncoder.Config image = config.image();
        int b = features.dim(0), rows = image.mapHeight(), cols = image.mapWidth();
        int c = image.filters().get(image.filters().size() - 1), p = rows * cols;
        Tensor keys = Tensor.zeros(b, p, c + 2);
        for (int i = 0; i < b; i++) {
            for (int pos = 0; pos < p; pos++) {
                int at = (i * p + pos) * (c + 2);
                System.arraycopy(features.data(), (i * p + pos) * c, keys.data(), at, c);
                keys.data()[at + c] = rows == 1 ? 0 : 2f * (pos / cols) / (rows - 1) - 1;
                keys.data()[at + c + 1] = cols == 1 ? 0 : 2f * (pos % cols) / (cols - 1) - 1;
            }
        }
        int[] lengths = new int[b];
        java.util.Arrays.fill(lengths, p);
        return new Attention.Memory(keys, lengths);
    }

    /** ∂L/∂keys [B, P, C + 2] → ∂L/∂features [B, P·C] (the positions' coordinates are fixed). */
    private static Tensor memoryBackward(Tensor dKeys) {
        int b = dKeys.dim(0), p = dKeys.dim(1), c = dKeys.dim(2) - 2;
        Tensor d = Tensor.zeros(b, p * c);
        for (int r = 0; r < b * p; r++) System.arraycopy(dKeys.data(), r * (c + 2), d.data(), r * c, c);
        return d;
    }

    /** ∂L/∂h [L, B, H] and ∂L/∂keys (null without an image) → through tanh, the bridge and the encoder. */
    private void initBackward(State dInit, Tensor dKeys) {
        int layers = dInit.h().dim(0), b = dInit.h().dim(1), hidden = dInit.h().dim(2);
        Tensor d = Tensor.zeros(b, layers * hidden);
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < b; i++) System.arraycopy(dInit.h().data(), (l * b + i) * hidden, d.data(), (i * layers + l) * hidden, hidden);
        }
        compute.kernels().tanhBackward(h0.data(), 0, d.data(), 0, d.data(), 0, d.size());
        Tensor dv = bridge.backward(d);
        if (encoder == null) return;
        float[] dm = memoryBackward(dKeys).data(), dvs = dv.data();
        for (int i = 0; i < dvs.length; i++) dvs[i] += dm[i];
        encoder.backward(dv);
    }

    /** One term per written token and one for the end of each sequence (teacher forcing's targets). */
    @Override
    public long lossTerms(List<int[]> y) {
        long n = 0;
        for (int[] t : y) n += t.length + 1;
        return n;
    }

    @Override
    public double trainBatch(List<float[]> x, List<int[]> y, RandomGenerator rng) {
        Start start = init(x);
        TeacherForcing.Batch t = TeacherForcing.of(y, config.bos(), config.eos(), config.vocab());
        var r = t.loss(decoder.forward(t.inputs(), t.lengths(), t.steps(), start.init(), start.memory(), rng).logits(), compute);
        TokenDecoder.Grads g = decoder.backward(r.grad());
        initBackward(g.dInit(), g.dKeys());
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
        Start start = init(x);
        TeacherForcing.Batch t = TeacherForcing.of(y, config.bos(), config.eos(), config.vocab());
        return t.loss(decoder.forward(t.inputs(), t.lengths(), t.steps(), start.init(), start.memory(), null).logits(), compute).value();
    }

    /** The teacher-forced logits [B, T+1, V] of targets {@code y} given inputs {@code x}. */
    public Tensor logits(List<float[]> x, List<int[]> y) {
        Start start = init(x);
        TeacherForcing.Batch t = TeacherForcing.of(y, config.bos(), config.eos(), config.vocab());
        return decoder.forward(t.inputs(), t.lengths(), t.steps(), start.init(), start.memory(), null).logits();
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
        Start start = init(List.of(x));
        return new Decoding.Generator<>() {
            @Override
            public Decoding.Step<State> start() {
                return decoder.step(start.init(), config.bos(), start.memory());
            }

            @Override
            public Decoding.Step<State> next(State state, int token) {
                return decoder.step(state, token, start.memory());
            }
        };
    }
}
