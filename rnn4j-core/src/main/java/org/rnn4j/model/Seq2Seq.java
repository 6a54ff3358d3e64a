package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Encoder-decoder for sequences of different lengths (translation, grapheme-to-phoneme, reversing a string).
 * The encoder reads the source; its last state starts the decoder (summed over directions when bidirectional);
 * the decoder writes the target token by token, reading {@code bos, y_1, ..., y_n} and predicting
 * {@code y_1, ..., y_n, eos} in training (teacher forcing), optionally attending over the encoder outputs with the
 * source padding masked. Modules: {@code encoder.embedding.weight}, {@code encoder.rnn.*}, {@code decoder.*}.
 */
public final class Seq2Seq implements Model<Seq, int[]>, HiddenStates {

    /**
     * The hyper-parameters.
     *
     * @param source      the source sequences: tokens (source vocabulary) or vectors
     * @param targetVocab V of the target side, including bos and eos
     * @param embedding   E of the target tokens
     * @param rnn         encoder body; the decoder has the same cell, H and L, one direction
     * @param attention   the attention score, or null for none
     */
    public record Config(InputSpec source, int targetVocab, int embedding, RnnSpec rnn, Attention.Score attention, int bos, int eos) {
        public Config {
            if (bos < 0 || bos >= targetVocab || eos < 0 || eos >= targetVocab) {
                throw new IllegalArgumentException("bos " + bos + " and eos " + eos + " must be target tokens in [0, " + targetVocab + ")");
            }
        }
    }

    private final Config config;
    private final Compute compute;
    private final InputLayer input;
    private final RnnStack encoder;
    private final TokenDecoder decoder;

    public Seq2Seq(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        RnnSpec r = config.rnn();
        this.input = new InputLayer(config.source(), compute, rng);
        this.encoder = new RnnStack(r.stack(config.source().width()), compute, rng);
        this.decoder = new TokenDecoder(config.targetVocab(), config.embedding(), r.unidirectional(),
                config.attention(), r.outputSize(), compute, rng);
    }

    @Override public Config config() { return config; }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        input.params().forEach(p -> ps.add(p.withPrefix("encoder.")));
        encoder.params().forEach(p -> ps.add(p.withPrefix("encoder.rnn.")));
        decoder.params().forEach(p -> ps.add(p.withPrefix("decoder.")));
        return ps;
    }

    /** The attention weights [B, Tt, Ts] of the latest forward, or null without attention. */
    public Tensor attentionWeights() {
        return decoder.attention() == null ? null : decoder.attention().weights();
    }

    /** The encoder's outputs for one source. */
    @Override
    public float[][] states(Seq x) {
        InputLayer.Padded p = input.forward(List.of(x));
        return HiddenStates.rows(encoder.infer(p.x(), p.lengths(), null).out());
    }

    private record Encoded(Attention.Memory memory, State init) {}

    private Encoded encode(List<Seq> x, RandomGenerator rng) {
        InputLayer.Padded p = input.forward(x);
        SequenceLayer.Output o = encoder.forward(p.x(), p.lengths(), null, rng);
        return new Encoded(new Attention.Memory(o.out(), p.lengths()), bridge(o.last()));
    }

    /** Encoder last state [L·D, B, H] → decoder initial state [L, B, H], summing the two directions. */
    private State bridge(State last) {
        if (!config.rnn().bidirectional()) return last;
        return new State(sumDirections(last.h()), last.c() == null ? null : sumDirections(last.c()));
    }

    private static Tensor sumDirections(Tensor t) {
        int layers = t.dim(0) / 2, per = t.dim(1) * t.dim(2);
        Tensor out = Tensor.zeros(layers, t.dim(1), t.dim(2));
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < per; i++) out.data()[l * per + i] = t.data()[2 * l * per + i] + t.data()[(2 * l + 1) * per + i];
        }
        return out;
    }

    private State bridgeBackward(State dInit) {
        if (!config.rnn().bidirectional()) return dInit;
        return new State(repeatDirections(dInit.h()), dInit.c() == null ? null : repeatDirections(dInit.c()));
    }

    private static Tensor repeatDirections(Tensor t) {
        int per = t.dim(1) * t.dim(2);
        Tensor out = Tensor.zeros(2 * t.dim(0), t.dim(1), t.dim(2));
        for (int l = 0; l < t.dim(0); l++) {
            System.arraycopy(t.data(), l * per, out.data(), 2 * l * per, per);
            System.arraycopy(t.data(), l * per, out.data(), (2 * l + 1) * per, per);
        }
        return out;
    }

    private TeacherForcing.Batch teacher(List<int[]> y) {
        return TeacherForcing.of(y, config.bos(), config.eos(), config.targetVocab());
    }

    /** One term per written token and one for the end of each sequence (teacher forcing's targets). */
    @Override
    public long lossTerms(List<int[]> y) {
        long n = 0;
        for (int[] t : y) n += t.length + 1;
        return n;
    }

    @Override
    public double trainBatch(List<Seq> x, List<int[]> y, RandomGenerator rng) {
        Encoded e = encode(x, rng);
        TeacherForcing.Batch t = teacher(y);
        TokenDecoder.Out o = decoder.forward(t.inputs(), t.lengths(), t.steps(), e.init(), e.memory(), rng);
        var r = t.loss(o.logits(), compute);
        TokenDecoder.Grads g = decoder.backward(r.grad());
        input.backward(encoder.backward(g.dKeys(), bridgeBackward(g.dInit())).dx());
        return r.value();
    }

    /** The encoder's: how strongly the loss reaches back to each source step. */
    @Override
    public double[][] gradientFlow(List<Seq> x, List<int[]> y) {
        trainBatch(x, y, null);
        return encoder.stateGradientNorms();
    }

    @Override
    public double loss(List<Seq> x, List<int[]> y) {
        Encoded e = encode(x, null);
        TeacherForcing.Batch t = teacher(y);
        return t.loss(decoder.forward(t.inputs(), t.lengths(), t.steps(), e.init(), e.memory(), null).logits(), compute).value();
    }

    /** The teacher-forced logits [B, Tt+1, V] of targets {@code y} given sources {@code x}. */
    public Tensor logits(List<Seq> x, List<int[]> y) {
        Encoded e = encode(x, null);
        TeacherForcing.Batch t = teacher(y);
        return decoder.forward(t.inputs(), t.lengths(), t.steps(), e.init(), e.memory(), null).logits();
    }

    /** The target written for {@code source} by greedy decoding, up to {@code maxLength} tokens. */
    public int[] predict(Seq source, int maxLength) {
        return generate(source, new Decoding.Greedy(), maxLength, null).get(0).tokens();
    }

    /** Writes targets for {@code source}; beam search returns the best {@code width}, best first. */
    public List<Decoding.Hypothesis> generate(Seq source, Decoding.Strategy strategy, int maxLength, RandomGenerator rng) {
        return Decoding.run(generator(source), strategy, config.eos(), maxLength, rng);
    }

    /** The decoder seen one token at a time, after reading {@code source}. */
    public Decoding.Generator<State> generator(Seq source) {
        Encoded e = encode(List.of(source), null);
        Attention.Memory memory = config.attention() == null ? null : e.memory();
        return new Decoding.Generator<>() {
            @Override
            public Decoding.Step<State> start() {
                return decoder.step(e.init(), config.bos(), memory);
            }

            @Override
            public Decoding.Step<State> next(State state, int token) {
                return decoder.step(state, token, memory);
            }
        };
    }
}
