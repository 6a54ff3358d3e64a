package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Feeding a model one step or one chunk at a time, keeping its state between calls, gives the outputs of the
 * whole-sequence forward: many-to-one after every prefix, many-to-many at every step, and the generating models'
 * decoders token by token against their teacher-forced logits. Tolerance 1e-6.
 */
class StreamingTest {
    static final Compute COMPUTE = Compute.auto();
    static final double TOL = 1e-6;

    static void near(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], TOL, what + "[" + i + "]");
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void manyToOnePredictsEveryPrefix(Pooling pooling) {
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(9, 4), new RnnSpec(CellType.LSTM, 6, 2, false, 0.2f), pooling, new Target.Classes(3)),
                COMPUTE, new SplittableRandom(1));
        int[] ids = new SplittableRandom(2).ints(11, 0, 9).toArray();
        ManyToOne.Stream s = m.stream();
        int t = 0;
        for (int chunk : new int[] {1, 3, 1, 4, 2}) {
            float[][] preds = s.feed(Seq.of(Arrays.copyOfRange(ids, t, t + chunk)));
            for (int i = 0; i < chunk; i++) {
                t++;
                near(pooling + " prefix " + t, m.predict(Seq.of(Arrays.copyOf(ids, t))), preds[i]);
            }
        }
    }

    @Test
    void manyToManyStepByStepEqualsWholeSequence() {
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Vectors(3), new RnnSpec(CellType.GRU, 5, 2, false, 0f), 4), COMPUTE, new SplittableRandom(3));
        SplittableRandom r = new SplittableRandom(4);
        float[][] steps = new float[9][3];
        for (float[] row : steps) for (int j = 0; j < 3; j++) row[j] = (float) r.nextGaussian();
        float[][] whole = m.logits(List.of(Seq.of(steps))).get(0);
        ManyToMany.Stream s = m.stream();
        for (int t = 0; t < steps.length; t++) near("step " + t, whole[t], s.feed(Seq.of(new float[][] {steps[t]}))[0]);
    }

    /** Several sequences stepped in one batch get what each gets alone, and a kept state continues a text. */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
    void languageModelStepsABatchOfStatesAsEachAlone(CellType cell) {
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(10, 4), new RnnSpec(cell, 6, 2, false, 0f), 10), COMPUTE, new SplittableRandom(5));
        int[][] prompts = {{2, 5, 6}, {2, 7}, {2, 4, 4, 9, 8}};
        int[] next = {3, 8, 5};
        List<State> states = new java.util.ArrayList<>();
        float[][] alone = new float[prompts.length][];
        for (int b = 0; b < prompts.length; b++) {
            Decoding.Generator<State> g = m.generator(null, prompts[b]);
            Decoding.Step<State> start = g.start();
            states.add(start.state());
            alone[b] = g.next(start.state(), next[b]).logits();
        }
        Decoding.Step<State> batch = m.next(State.batch(states), next);
        for (int b = 0; b < prompts.length; b++) near(cell + " row " + b, alone[b], Arrays.copyOfRange(batch.logits(), b * 10, (b + 1) * 10));
        int[] whole = {2, 5, 6, 3, 1};
        Decoding.Step<State> continued = m.generator(m.generator(null, Arrays.copyOf(whole, 3)).start().state(), new int[] {3, 1}).start();
        near(cell + " continued", m.generator(null, whole).start().logits(), continued.logits());
        near(cell + " row state", states.get(1).h().data(), State.batch(states).row(1).h().data());
    }

    @Test
    void languageModelGenerationContinuesTheStream() {
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(7, 4), RnnSpec.of(CellType.RNN_TANH, 8), 7), COMPUTE, new SplittableRandom(5));
        int[] prompt = {1, 4, 2};
        int[] out = m.generate(prompt, new Decoding.Greedy(), -1, 5, null).get(0).tokens();
        int[] all = Arrays.copyOf(prompt, prompt.length + out.length);
        System.arraycopy(out, 0, all, prompt.length, out.length);
        float[][] whole = m.logits(List.of(Seq.of(all))).get(0);
        for (int i = 0; i < out.length; i++) {
            assertEquals(Decoding.argmax(Decoding.logSoftmax(whole[prompt.length - 1 + i], 1)), out[i], "generated token " + i);
        }
    }

    @Test
    void bidirectionalModelsRefuseToStream() {
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(5, 2), new RnnSpec(CellType.GRU, 3, 1, true, 0f), 2), COMPUTE, new SplittableRandom(6));
        assertThrows(IllegalStateException.class, m::stream);
    }

    /** Feeds bos, y_1, ..., y_n one at a time and compares every step's logits with the teacher-forced forward. */
    static <S> void decoderStepsMatch(Decoding.Generator<S> g, Tensor teacher, int[] y) {
        int v = teacher.dim(2);
        Decoding.Step<S> step = g.start();
        for (int t = 0; t <= y.length; t++) {
            near("step " + t, Arrays.copyOfRange(teacher.data(), t * v, (t + 1) * v), step.logits());
            if (t < y.length) step = g.next(step.state(), y[t]);
        }
    }

    @ParameterizedTest
    @EnumSource(Attention.Score.class)
    void encoderDecoderStepsMatchTeacherForcing(Attention.Score score) {
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(8, 4), 9, 5, new RnnSpec(CellType.LSTM, 6, 2, true, 0f), score == Attention.Score.DOT ? null : score, 2, 3),
                COMPUTE, new SplittableRandom(7));
        Seq src = Seq.of(4, 6, 5, 7, 1);
        int[] y = {5, 8, 4, 6};
        decoderStepsMatch(m.generator(src), m.logits(List.of(src), List.of(y)), y);
    }

    @Test
    void oneToManyStepsMatchTeacherForcing() {
        var m = new OneToMany(new OneToMany.Config(4, 9, 5, new RnnSpec(CellType.GRU, 6, 2, false, 0f), 2, 3, null), COMPUTE, new SplittableRandom(8));
        float[] v = {0.3f, -1, 2, 0};
        int[] y = {5, 8, 4, 6, 7};
        decoderStepsMatch(m.generator(v), m.logits(List.of(v), List.of(y)), y);
    }

    @Test
    void generatorStatesAreNotShared() {
        var m = new OneToMany(new OneToMany.Config(2, 6, 3, RnnSpec.of(CellType.LSTM, 4), 2, 3, null), COMPUTE, new SplittableRandom(9));
        Decoding.Generator<State> g = m.generator(new float[] {1, -1});
        Decoding.Step<State> s0 = g.start();
        float[] a = g.next(s0.state(), 4).logits();
        g.next(s0.state(), 5);
        near("branching from the same state", a, g.next(s0.state(), 4).logits());
    }
}
