package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.data.Seq;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.Model;
import org.rnn4j.model.OneToMany;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.State;
import org.rnn4j.vision.ConvEncoder;

/**
 * The generating models' two graphs driven by a greedy decoding loop in ONNX Runtime, a batch of sources at once
 * (padded with random values): every step's logits equal rnn4j's generator's within 1e-5, and the tokens chosen are
 * rnn4j's greedy output.
 */
class GenerationTest {
    static final int V = 17, STEPS = 8;

    static Stream<Arguments> seq2seq() {
        return Stream.of(
                Arguments.of(new RnnSpec(CellType.LSTM, 10, 2, true, 0f), Attention.Score.GENERAL, new InputSpec.Tokens(23, 6)),
                Arguments.of(new RnnSpec(CellType.GRU, 10, 1, false, 0f), Attention.Score.DOT, new InputSpec.Tokens(23, 6)),
                Arguments.of(new RnnSpec(CellType.GRU, 8, 2, true, 0f), Attention.Score.ADDITIVE, new InputSpec.Vectors(5)),
                Arguments.of(new RnnSpec(CellType.RNN_TANH, 12, 1, true, 0f), null, new InputSpec.Tokens(23, 6)));
    }

    @ParameterizedTest
    @MethodSource("seq2seq")
    void seq2seqDecodesAsRnn4j(RnnSpec rnn, Attention.Score score, InputSpec source) throws Exception {
        var rng = new SplittableRandom(5);
        Seq2Seq model = new Seq2Seq(new Seq2Seq.Config(source, V, 7, rnn, score, 2, 3), ExportTest.COMPUTE, rng);
        for (int trial = 0; trial < 4; trial++) {
            List<Seq> batch = ExportTest.batches(source, rng).get(0);
            List<Decoding.Generator<State>> reference = batch.stream().map(model::generator).toList();
            try (OrtRun encoder = new OrtRun(Onnx.graphs(model, Map.of()).get("encoder").toByteArray());
                 OrtRun decoder = new OrtRun(Onnx.graphs(model, Map.of()).get("decoder").toByteArray())) {
                Map<String, float[]> encoded = encoder.run(encoder.batch(batch, ExportTest.vocab(source), rng));
                int t = encoded.get("memory").length / batch.size() / rnn.outputSize();
                long[] lengths = batch.stream().mapToLong(Seq::length).toArray();
                decode(model, reference, decoder, encoded, new long[] {batch.size(), t, rnn.outputSize()}, lengths, 2, rnn, score != null);
            }
        }
    }

    static Stream<Arguments> oneToMany() {
        return Stream.of(
                Arguments.of(new RnnSpec(CellType.LSTM, 12, 2, false, 0f), null),
                Arguments.of(new RnnSpec(CellType.GRU, 12, 1, false, 0f), new ConvEncoder.Config(8, 12, 3, 3, List.of(4, 6))));
    }

    @ParameterizedTest
    @MethodSource("oneToMany")
    void oneToManyDecodesAsRnn4j(RnnSpec rnn, ConvEncoder.Config image) throws Exception {
        var rng = new SplittableRandom(9);
        int f = image == null ? 6 : image.pixels();
        OneToMany model = new OneToMany(new OneToMany.Config(f, V, 7, rnn, 2, 3, image), ExportTest.COMPUTE, rng);
        int b = 5;
        float[] pixels = new float[b * f];
        List<float[]> x = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            float[] v = new float[f];
            for (int k = 0; k < f; k++) pixels[i * f + k] = v[k] = (float) rng.nextDouble();
            x.add(v);
        }
        try (OrtRun encoder = new OrtRun(Onnx.graphs(model, Map.of()).get("encoder").toByteArray());
             OrtRun decoder = new OrtRun(Onnx.graphs(model, Map.of()).get("decoder").toByteArray())) {
            Map<String, OnnxTensor> in = new HashMap<>(Map.of("features", OrtRun.floats(pixels, b, f)));
            Map<String, float[]> encoded = encoder.run(in);
            long[] memory = image == null ? null : new long[] {b, (long) image.mapHeight() * image.mapWidth(), image.filters().get(1) + 2};
            long[] lengths = new long[b];
            if (image != null) {
                Arrays.fill(lengths, memory[1]);
                for (float l : encoded.get("source_lengths")) assertEquals(memory[1], l);
            }
            decode(model, x.stream().map(model::generator).toList(), decoder, encoded, memory, lengths, 2, rnn, image != null);
        }
    }

    /** Greedy decoding of the whole batch in ONNX Runtime, step for step against each sequence's rnn4j generator. */
    private static void decode(Model<?, ?> model, List<Decoding.Generator<State>> reference, OrtRun decoder, Map<String, float[]> encoded, long[] memoryShape,
                               long[] lengths, int bos, RnnSpec rnn, boolean attends) throws Exception {
        int b = reference.size();
        long[] stateShape = {rnn.layers(), b, rnn.hidden()};
        long[] tokens = new long[b];
        Arrays.fill(tokens, bos);
        float[] h = encoded.get("h"), c = encoded.get("c");
        List<Decoding.Step<State>> steps = new ArrayList<>(reference.stream().map(Decoding.Generator::start).toList());
        for (int s = 0; s < STEPS; s++) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put("token", OnnxTensor.createTensor(OrtRun.ENV, LongBuffer.wrap(tokens.clone()), new long[] {b}));
            in.put("h", OrtRun.floats(h, stateShape));
            if (c != null) in.put("c", OrtRun.floats(c, stateShape));
            if (attends) {
                in.put("memory", OrtRun.floats(encoded.get("memory"), memoryShape));
                in.put("source_lengths", OnnxTensor.createTensor(OrtRun.ENV, LongBuffer.wrap(lengths), new long[] {b}));
            }
            Map<String, float[]> out = decoder.run(in);
            float[] logits = out.get("logits");
            for (int i = 0; i < b; i++) {
                float[] expected = steps.get(i).logits(), got = Arrays.copyOfRange(logits, i * V, (i + 1) * V);
                for (int v = 0; v < V; v++) assertEquals(expected[v], got[v], 1e-5, model.getClass().getSimpleName() + " sequence " + i + " step " + s + " logit " + v);
                tokens[i] = argmax(expected);
                assertEquals(tokens[i], argmax(got), "greedy token of sequence " + i + " step " + s);
                steps.set(i, reference.get(i).next(steps.get(i).state(), (int) tokens[i]));
            }
            h = out.get("h_next");
            c = out.get("c_next");
        }
        assertArrayEquals(new long[] {rnn.layers() * (long) b * rnn.hidden()}, new long[] {h.length});
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
