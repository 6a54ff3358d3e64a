package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/**
 * Finite-difference gradient checks ({@link Check#gradient}) of every parameter of every model kind, through its
 * whole loss: pooling, heads, the decoder's teacher forcing, attention over padded sources, the bridges.
 */
class ModelGradientTest {
    static final Compute COMPUTE = Compute.auto();

    static <X, Y> int check(Model<X, Y> model, List<X> x, List<Y> y) {
        model.params().forEach(Param::zeroGrad);
        model.trainBatch(x, y, new SplittableRandom(1));
        int kinks = 0;
        for (Param p : model.params()) kinks += Check.gradient(p.name(), p.value(), p.grad().data(), () -> model.loss(x, y));
        return kinks;
    }

    static List<Seq> tokens(SplittableRandom r, int vocab, int... lengths) {
        List<Seq> out = new ArrayList<>();
        for (int len : lengths) out.add(new Seq.Tokens(r.ints(len, 0, vocab).toArray()));
        return out;
    }

    static List<int[]> targets(SplittableRandom r, int vocab, int... lengths) {
        List<int[]> out = new ArrayList<>();
        for (int len : lengths) out.add(r.ints(len, 0, vocab).toArray());
        return out;
    }

    static Stream<Arguments> manyToOne() {
        return Stream.of(
                Arguments.of(CellType.LSTM, Pooling.LAST, false, new Target.Binary()),
                Arguments.of(CellType.GRU, Pooling.LAST, true, new Target.Classes(3)),
                Arguments.of(CellType.RNN_TANH, Pooling.MEAN, true, new Target.Regression(2)),
                Arguments.of(CellType.LSTM, Pooling.MAX, false, new Target.Classes(3)));
    }

    @ParameterizedTest(name = "{0} {1} bidirectional={2} {3}")
    @MethodSource("manyToOne")
    void manyToOne(CellType cell, Pooling pooling, boolean bidir, Target target) {
        SplittableRandom r = new SplittableRandom(3);
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(6, 3), new RnnSpec(cell, 4, 2, bidir, 0f), pooling, target), COMPUTE, new SplittableRandom(5));
        List<Seq> x = tokens(r, 6, 3, 5, 1);
        List<float[]> y = target instanceof Target.Binary ? List.of(new float[] {1}, new float[] {0}, new float[] {1})
                : target instanceof Target.Classes ? List.of(new float[] {2}, new float[] {0}, new float[] {1})
                : List.of(new float[] {0.5f, -1}, new float[] {2, 0}, new float[] {-0.3f, 1});
        int kinks = check(m, x, y);
        if (pooling != Pooling.MAX) assertEquals(0, kinks);
        else assertTrue(kinks < 5, kinks + " entries at a kink of max pooling");
    }

    @Test
    void manyToManyBidirectionalTagger() {
        SplittableRandom r = new SplittableRandom(4);
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(5, 3), new RnnSpec(CellType.GRU, 4, 1, true, 0f), 3), COMPUTE, new SplittableRandom(6));
        assertEquals(0, check(m, tokens(r, 5, 4, 2, 3), targets(r, 3, 4, 2, 3)));
    }

    @Test
    void manyToManyOverVectors() {
        SplittableRandom r = new SplittableRandom(4);
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Vectors(2), new RnnSpec(CellType.LSTM, 4, 1, false, 0f), 3), COMPUTE, new SplittableRandom(6));
        List<Seq> x = List.of(Seq.of(new float[][] {{1, 0}, {0.5f, -1}, {0, 2}}), Seq.of(new float[][] {{-1, 1}}));
        assertEquals(0, check(m, x, targets(r, 3, 3, 1)));
    }

    @Test
    void oneToMany() {
        SplittableRandom r = new SplittableRandom(8);
        var m = new OneToMany(new OneToMany.Config(3, 6, 3, new RnnSpec(CellType.LSTM, 4, 2, false, 0f), 2, 3, null), COMPUTE, new SplittableRandom(9));
        List<float[]> x = List.of(new float[] {1, 0, -0.5f}, new float[] {0.2f, 0.7f, 1});
        assertEquals(0, check(m, x, targets(r, 6, 3, 1)));
    }

    @Test
    void imageToText() {
        SplittableRandom r = new SplittableRandom(12);
        var image = new org.rnn4j.vision.ConvEncoder.Config(4, 6, 2, 3, List.of(3));
        var m = new OneToMany(new OneToMany.Config(image.pixels(), 6, 3, RnnSpec.of(CellType.GRU, 4), 2, 3, image), COMPUTE, new SplittableRandom(13));
        List<float[]> x = List.of(pixels(r, image.pixels()), pixels(r, image.pixels()));
        m.params().forEach(Param::zeroGrad);
        List<int[]> y = targets(r, 6, 3, 2);
        m.trainBatch(x, y, new SplittableRandom(1));
        int kinks = 0;
        for (Param p : m.params()) kinks += Check.gradientPiecewise(p.name(), p.value(), p.grad().data(), () -> m.loss(x, y));
        int entries = m.params().stream().mapToInt(p -> p.value().size()).sum();
        assertTrue(kinks < entries / 10, "too many relu and max kinks to judge: " + kinks + " of " + entries);
    }

    private static float[] pixels(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble();
        return x;
    }

    static Stream<Arguments> seq2seq() {
        return Stream.of(
                Arguments.of(CellType.GRU, null, false),
                Arguments.of(CellType.LSTM, Attention.Score.DOT, false),
                Arguments.of(CellType.GRU, Attention.Score.GENERAL, true),
                Arguments.of(CellType.RNN_TANH, Attention.Score.ADDITIVE, false),
                Arguments.of(CellType.LSTM, Attention.Score.ADDITIVE, true));
    }

    @ParameterizedTest(name = "{0} attention={1} bidirectional encoder={2}")
    @MethodSource("seq2seq")
    void seq2seqWithPaddedSources(CellType cell, Attention.Score score, boolean bidir) {
        SplittableRandom r = new SplittableRandom(10);
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(6, 3), 7, 3, new RnnSpec(cell, 4, 1, bidir, 0f), score, 2, 3), COMPUTE, new SplittableRandom(11));
        assertEquals(0, check(m, tokens(r, 6, 5, 2, 3), targets(r, 7, 2, 4, 1)));
    }

    @Test
    void oneToOne() {
        var m = new OneToOne(new OneToOne.Config(4, List.of(5, 3), new Target.Classes(3)), COMPUTE, new SplittableRandom(12));
        List<float[]> x = List.of(new float[] {1, 0, 2, -1}, new float[] {0.5f, 1, 0, 0.3f});
        int kinks = check(m, x, List.of(new float[] {2}, new float[] {0}));
        assertTrue(kinks < 3, kinks + " entries at a relu kink");
    }

    @ParameterizedTest
    @EnumSource(Attention.Score.class)
    void attentionWeightsOnPaddedSourceStepsAreExactlyZero(Attention.Score score) {
        SplittableRandom r = new SplittableRandom(13);
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(6, 3), 7, 3, RnnSpec.of(CellType.GRU, 4), score, 2, 3), COMPUTE, new SplittableRandom(14));
        int[] lengths = {5, 2, 3, 0};
        m.logits(tokens(r, 6, lengths), targets(r, 7, 3, 2, 4, 1));
        Tensor w = m.attentionWeights();
        int tq = w.dim(1), ts = w.dim(2);
        for (int b = 0; b < lengths.length; b++) {
            for (int i = 0; i < tq; i++) {
                double sum = 0;
                for (int j = 0; j < ts; j++) {
                    float a = w.get(b, i, j);
                    if (j >= lengths[b]) assertEquals(0f, a, "weight on padded source step " + j + " of sequence " + b);
                    sum += a;
                }
                assertEquals(lengths[b] == 0 ? 0 : 1, sum, 1e-5, "weights of sequence " + b + " sum");
            }
        }
    }
}
