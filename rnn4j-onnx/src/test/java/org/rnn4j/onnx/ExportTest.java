package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.data.Seq;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Target;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.tensor.Compute;

/**
 * Every kind of exported graph in ONNX Runtime equals rnn4j on 100 random sequences of random lengths (1 to 23,
 * batches of 1 to 16, padded with random values), within 1e-5: outputs and logits, every cell, pooling, target,
 * input, direction, depth and stacking.
 */
class ExportTest {
    static final Compute COMPUTE = new Compute(Compute.bestKernels(), 1);
    static final double TOLERANCE = 1e-5;

    static Stream<Arguments> manyToOne() {
        var plain = RnnStack.Stacking.PLAIN;
        return Stream.of(
                Arguments.of(new InputSpec.Tokens(50, 8), new RnnSpec(CellType.LSTM, 12, 1, false, 0f, null, plain), Pooling.LAST, new Target.Classes(3)),
                Arguments.of(new InputSpec.Tokens(50, 8), new RnnSpec(CellType.GRU, 12, 2, true, 0.3f, null, plain), Pooling.LAST, new Target.Binary()),
                Arguments.of(new InputSpec.Vectors(5), new RnnSpec(CellType.RNN_TANH, 10, 1, true, 0f, null, plain), Pooling.MEAN, new Target.Regression(2)),
                Arguments.of(new InputSpec.Vectors(5), new RnnSpec(CellType.RNN_RELU, 10, 2, false, 0f, null, plain), Pooling.MAX, new Target.Classes(4)),
                Arguments.of(new InputSpec.Tokens(30, 6), new RnnSpec(CellType.LSTM, 9, 2, true, 0f, null, plain), Pooling.MAX, new Target.Classes(2)),
                Arguments.of(new InputSpec.Tokens(30, 6), new RnnSpec(CellType.GRU, 9, 1, false, 0f, null, plain), Pooling.MEAN, new Target.Binary()),
                Arguments.of(new InputSpec.Vectors(3), new RnnSpec(CellType.LSTM, 16, 3, true, 0f, null, new RnnStack.Stacking(true, true)), Pooling.LAST, new Target.Regression(1)),
                Arguments.of(new InputSpec.Tokens(40, 8), new RnnSpec(CellType.GRU, 8, 3, false, 0f, null, new RnnStack.Stacking(true, false)), Pooling.MEAN, new Target.Classes(5)),
                Arguments.of(new InputSpec.Tokens(40, 8), new RnnSpec(CellType.RNN_TANH, 8, 2, true, 0f, null, new RnnStack.Stacking(false, true)), Pooling.MAX, new Target.Binary()));
    }

    @ParameterizedTest
    @MethodSource("manyToOne")
    void manyToOneEqualsRnn4j(InputSpec input, RnnSpec rnn, Pooling pooling, Target target) throws Exception {
        var rng = new SplittableRandom(7);
        ManyToOne model = new ManyToOne(new ManyToOne.Config(input, rnn, pooling, target), COMPUTE, rng);
        try (OrtRun ort = new OrtRun(Onnx.graphs(model, Map.of()).get("").toByteArray())) {
            for (List<Seq> batch : batches(input, rng)) {
                Map<String, float[]> out = ort.run(ort.batch(batch, vocab(input), rng));
                List<float[]> expected = model.predict(batch);
                float[] logits = model.logits(batch).data();
                int w = target.width();
                for (int i = 0; i < batch.size(); i++) {
                    for (int j = 0; j < w; j++) {
                        assertEquals(expected.get(i)[j], out.get("output")[i * w + j], TOLERANCE, "output of sequence " + i + " (length " + batch.get(i).length() + ")");
                        if (!(target instanceof Target.Regression)) assertEquals(logits[i * w + j], out.get("logits")[i * w + j], TOLERANCE, "logits");
                    }
                }
            }
        }
    }

    static Stream<Arguments> manyToMany() {
        return Stream.of(
                Arguments.of(new InputSpec.Tokens(40, 8), new RnnSpec(CellType.LSTM, 10, 2, true, 0.2f), 6),
                Arguments.of(new InputSpec.Vectors(4), new RnnSpec(CellType.GRU, 10, 1, true, 0f), 3),
                Arguments.of(new InputSpec.Tokens(40, 8), new RnnSpec(CellType.RNN_TANH, 10, 1, false, 0f), 5));
    }

    @ParameterizedTest
    @MethodSource("manyToMany")
    void taggerEqualsRnn4j(InputSpec input, RnnSpec rnn, int classes) throws Exception {
        var rng = new SplittableRandom(11);
        ManyToMany model = new ManyToMany(new ManyToMany.Config(input, rnn, classes), COMPUTE, rng);
        try (OrtRun ort = new OrtRun(Onnx.graphs(model, Map.of()).get("").toByteArray())) {
            for (List<Seq> batch : batches(input, rng)) {
                Map<String, float[]> out = ort.run(ort.batch(batch, vocab(input), rng));
                int t = 0;
                for (Seq s : batch) t = Math.max(t, s.length());
                List<float[][]> expected = model.logits(batch);
                for (int i = 0; i < batch.size(); i++) {
                    int[] tags = model.predict(batch.get(i));
                    for (int s = 0; s < batch.get(i).length(); s++) {
                        for (int c = 0; c < classes; c++) assertEquals(expected.get(i)[s][c], out.get("logits")[(i * t + s) * classes + c], TOLERANCE, "logits of sequence " + i + " step " + s);
                        assertEquals(tags[s], out.get("classes")[i * t + s], "class of sequence " + i + " step " + s);
                    }
                }
            }
        }
    }

    static Stream<Arguments> languageModels() {
        return Stream.of(CellType.LSTM, CellType.GRU, CellType.RNN_RELU).map(c -> Arguments.of(new RnnSpec(c, 12, 2, false, 0f)));
    }

    /** A prompt read whole, then a token at a time from the state it left: the logits rnn4j's generator gives. */
    @ParameterizedTest
    @MethodSource("languageModels")
    void languageModelCarriesItsState(RnnSpec rnn) throws Exception {
        var rng = new SplittableRandom(13);
        int v = 30;
        ManyToMany model = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(v, 8), rnn, v), COMPUTE, rng);
        boolean lstm = rnn.cell().hasCellState();
        try (OrtRun ort = new OrtRun(Onnx.graphs(model, Map.of()).get("").toByteArray())) {
            for (int trial = 0; trial < 20; trial++) {
                int[] prompt = rng.ints(1 + rng.nextInt(12), 0, v).toArray();
                var step = model.generator(null, prompt).start();
                var in = ort.batch(List.of(Seq.of(prompt)), v, rng);
                float[] zeros = new float[rnn.layers() * rnn.hidden()];
                in.put("h0", OrtRun.floats(zeros, rnn.layers(), 1, rnn.hidden()));
                if (lstm) in.put("c0", OrtRun.floats(zeros, rnn.layers(), 1, rnn.hidden()));
                Map<String, float[]> out = ort.run(in);
                for (int k = 0; k < 5; k++) {
                    float[] last = java.util.Arrays.copyOfRange(out.get("logits"), (out.get("logits").length / v - 1) * v, out.get("logits").length);
                    for (int c = 0; c < v; c++) assertEquals(step.logits()[c], last[c], TOLERANCE, "logit " + c + " after " + k + " generated tokens");
                    int next = rng.nextInt(v);
                    step = model.generator(null, prompt).next(step.state(), next);
                    in = ort.batch(List.of(Seq.of(next)), v, rng);
                    in.put("h0", OrtRun.floats(out.get("h"), rnn.layers(), 1, rnn.hidden()));
                    if (lstm) in.put("c0", OrtRun.floats(out.get("c"), rnn.layers(), 1, rnn.hidden()));
                    out = ort.run(in);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void oneToOneEqualsRnn4j() throws Exception {
        var rng = new SplittableRandom(19);
        for (Target target : List.of(new Target.Classes(4), new Target.Binary(), new Target.Regression(2))) {
            var model = new org.rnn4j.model.OneToOne(new org.rnn4j.model.OneToOne.Config(30, List.of(16, 8), target), COMPUTE, rng);
            try (OrtRun ort = new OrtRun(Onnx.graphs(model, Map.of()).get("").toByteArray())) {
                int b = 13;
                float[] x = new float[b * 30];
                List<float[]> rows = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    float[] row = new float[30];
                    for (int k = 0; k < 30; k++) x[i * 30 + k] = row[k] = rng.nextInt(3);
                    rows.add(row);
                }
                float[] got = ort.run(new java.util.HashMap<>(Map.of("features", OrtRun.floats(x, b, 30)))).get("output");
                List<float[]> expected = model.predict(rows);
                for (int i = 0; i < b; i++) for (int j = 0; j < target.width(); j++) assertEquals(expected.get(i)[j], got[i * target.width() + j], TOLERANCE, target + " output " + i);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void minimalCellsAreRefusedSayingWhy() {
        var model = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(20, 4), RnnSpec.of(CellType.MINGRU, 6), Pooling.LAST, new Target.Classes(2)), COMPUTE, new SplittableRandom(1));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Onnx.graphs(model, Map.of()));
        assertTrue(e.getMessage().contains("mingru layer cannot be exported"), e.getMessage());
    }

    /** A model with int8 weights is written with the values it computes with, in float32. */
    @org.junit.jupiter.api.Test
    void quantizedModelExportsItsRoundedWeights() throws Exception {
        var rng = new SplittableRandom(17);
        ManyToOne model = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(50, 8), new RnnSpec(CellType.LSTM, 16, 2, true, 0f), Pooling.MEAN, new Target.Classes(3)), COMPUTE, rng);
        org.rnn4j.model.Models.quantize(model, org.rnn4j.tensor.Precision.INT8);
        try (OrtRun ort = new OrtRun(Onnx.graphs(model, Map.of()).get("").toByteArray())) {
            for (List<Seq> batch : batches(model.config().input(), rng)) {
                float[] got = ort.run(ort.batch(batch, 50, rng)).get("logits"), expected = model.logits(batch).data();
                for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], TOLERANCE, "logit " + i);
            }
        }
    }

    /** 100 sequences of lengths 1 to 23 in batches of 1 to 16. */
    static List<List<Seq>> batches(InputSpec input, SplittableRandom rng) {
        List<List<Seq>> out = new ArrayList<>();
        int left = 100;
        while (left > 0) {
            int b = Math.min(left, 1 + rng.nextInt(16));
            List<Seq> batch = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                int t = 1 + rng.nextInt(23);
                if (input instanceof InputSpec.Tokens tk) {
                    batch.add(Seq.of(rng.ints(t, 0, tk.vocab()).toArray()));
                } else {
                    float[][] steps = new float[t][input.width()];
                    for (float[] row : steps) for (int k = 0; k < row.length; k++) row[k] = (float) rng.nextGaussian();
                    batch.add(Seq.of(steps));
                }
            }
            out.add(batch);
            left -= b;
        }
        assertTrue(out.stream().mapToInt(List::size).sum() == 100);
        return out;
    }

    static int vocab(InputSpec input) {
        return input instanceof InputSpec.Tokens t ? t.vocab() : 0;
    }
}
