package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.data.Seq;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.train.Training;

/**
 * Model files: save → load gives bit-identical predictions for every kind; weights exported from equivalent
 * PyTorch modules (tools/make_model_fixtures.py) give PyTorch's outputs; truncated, corrupted and mismatched
 * files are refused with a message naming the file and the problem.
 */
class ModelFileTest {
    static final Compute COMPUTE = Compute.auto();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    /** A model of each kind, trained a little so its weights are not the initial ones, and its predictions. */
    record Case(Model<?, ?> model, Function<Model<?, ?>, float[]> predictions) {}

    static List<Case> cases() {
        SplittableRandom r = new SplittableRandom(1);
        List<Seq> seqs = ModelGradientTest.tokens(r, 8, 3, 5, 2);
        List<int[]> words = List.of(new int[] {4, 5}, new int[] {6, 6, 7}, new int[] {5});
        List<float[]> vectors = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1});
        Training t = new Training(2, 2, Training.Method.ADAM, 0.01, 0);
        List<Case> cases = new ArrayList<>();

        var m2o = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(8, 4), new RnnSpec(CellType.LSTM, 6, 2, true, 0.1f), Pooling.MEAN, new Target.Classes(3)), COMPUTE, r);
        m2o.fit(seqs, List.of(new float[] {0}, new float[] {1}, new float[] {2}), t, r);
        cases.add(new Case(m2o, m -> flatten(((ManyToOne) m).predict(seqs))));

        var m2m = new ManyToMany(new ManyToMany.Config(new InputSpec.Vectors(3), new RnnSpec(CellType.GRU, 5, 1, true, 0f), 4), COMPUTE, r);
        List<Seq> vseqs = List.of(Seq.of(new float[][] {{1, 2, 3}, {0, 1, 0}}), Seq.of(new float[][] {{-1, 0, 2}}));
        m2m.fit(vseqs, List.of(new int[] {1, 3}, new int[] {2}), t, r);
        cases.add(new Case(m2m, m -> flatten(((ManyToMany) m).logits(vseqs).stream().flatMap(Arrays::stream).toList())));

        var o2m = new OneToMany(new OneToMany.Config(3, 8, 4, RnnSpec.of(CellType.RNN_TANH, 6), 2, 3, null), COMPUTE, r);
        o2m.fit(vectors, words, t, r);
        cases.add(new Case(o2m, m -> ((OneToMany) m).logits(vectors, words).data()));

        for (CellType cell : List.of(CellType.LSTM, CellType.MINLSTM)) {
            var s2s = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(8, 4), 8, 4, new RnnSpec(cell, 6, 1, true, 0f), Attention.Score.ADDITIVE, 2, 3), COMPUTE, r);
            s2s.fit(seqs, words, t, r);
            cases.add(new Case(s2s, m -> ((Seq2Seq) m).logits(seqs, words).data()));
        }

        var o2o = new OneToOne(new OneToOne.Config(3, List.of(5), new Target.Regression(2)), COMPUTE, r);
        o2o.fit(vectors, List.of(new float[] {1, 2}, new float[] {0, 1}, new float[] {-1, 0}), t, r);
        cases.add(new Case(o2o, m -> flatten(((OneToOne) m).predict(vectors))));

        var minimal = new ManyToMany(new ManyToMany.Config(new InputSpec.Vectors(3),           // minGRU, joined by norms and residuals
                new RnnSpec(CellType.MINGRU, 5, 2, true, 0f, null, new org.rnn4j.nn.RnnStack.Stacking(true, true)), 4), COMPUTE, r);
        minimal.fit(vseqs, List.of(new int[] {1, 3}, new int[] {2}), t, r);
        cases.add(new Case(minimal, m -> flatten(((ManyToMany) m).logits(vseqs).stream().flatMap(Arrays::stream).toList())));
        return cases;
    }

    static float[] flatten(List<float[]> rows) {
        int n = rows.stream().mapToInt(a -> a.length).sum(), off = 0;
        float[] out = new float[n];
        for (float[] row : rows) {
            System.arraycopy(row, 0, out, off, row.length);
            off += row.length;
        }
        return out;
    }

    @Test
    void saveThenLoadPredictsBitForBitForEveryKind() throws IOException {
        for (Case c : cases()) {
            Path file = dir.resolve(c.model().getClass().getSimpleName() + ".safetensors");
            c.model().save(file, Map.of("seed", "1", "data", "test"));
            Models.Loaded loaded = Models.load(file, COMPUTE);
            assertEquals(c.model().config(), loaded.model().config());
            assertEquals("1", loaded.metadata().get("seed"));
            assertArrayEquals(c.predictions().apply(c.model()), c.predictions().apply(loaded.model()), c.model().getClass().getSimpleName());
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file left behind");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"many_to_one_lstm", "many_to_one_rnn_relu", "seq2seq_gru_general_bidir", "seq2seq_lstm_additive", "seq2seq_gru_dot", "seq2seq_rnn_plain"})
    void pytorchExportLoadsAndGivesPytorchOutputs(String name) throws IOException {
        JsonNode fx = fixture(name);
        Path weights = dir.resolve(name + ".safetensors");
        float[] expected = floats(fx.get("logits"));
        float[] actual;
        if (fx.get("kind").asText().equals("many-to-one")) {
            var m = new ManyToOne(JSON.treeToValue(fx.get("config"), ManyToOne.Config.class), COMPUTE, new SplittableRandom(0));
            Models.loadWeights(m, weights);
            actual = m.logits(sequences(fx.get("ids"), fx.get("lengths"))).data();
        } else {
            var m = new Seq2Seq(JSON.treeToValue(fx.get("config"), Seq2Seq.Config.class), COMPUTE, new SplittableRandom(0));
            Models.loadWeights(m, weights);
            List<int[]> targets = new ArrayList<>();
            fx.get("targets").forEach(t -> targets.add(ints(t)));
            actual = m.logits(sequences(fx.get("src"), fx.get("src_lengths")), targets).data();
        }
        Check.close(name, expected, actual, 1e-4);
    }

    /** A bare PyTorch nn.RNN(relu) / nn.LSTM / nn.GRU state_dict loads into an RnnStack by PyTorch's names. */
    @ParameterizedTest
    @ValueSource(strings = {"pytorch_rnn_relu_2layer_bidir", "pytorch_lstm_2layer_bidir", "pytorch_gru_1layer"})
    void pytorchRnnStateDictLoadsIntoAnRnnStack(String name) throws IOException {
        JsonNode fx = fixture(name);
        Path weights = dir.resolve(name + ".safetensors");
        CellType cell = CellType.valueOf(fx.get("cell").asText());
        RnnStack rnn = Models.loadRnnStack(weights, cell, COMPUTE);
        assertEquals(fx.get("h").size() / (3 * 5), rnn.stateCount(), "layers × directions");
        Tensor x = new Tensor(floats(fx.get("x")), ints(fx.get("shape")));
        SequenceLayer.Output o = rnn.forward(x, ints(fx.get("lengths")), null, null);
        Check.close(name + " outputs", floats(fx.get("out")), o.out().data(), 1e-5);
        Check.close(name + " last h", floats(fx.get("h")), o.last().h().data(), 1e-5);
        if (fx.has("c")) Check.close(name + " last c", floats(fx.get("c")), o.last().c().data(), 1e-5);

        ModelFileException wrongCell = assertThrows(ModelFileException.class, () -> Models.loadRnnStack(weights, cell == CellType.LSTM ? CellType.GRU : CellType.LSTM, COMPUTE));
        assertTrue(wrongCell.getMessage().contains("weight_ih_l0"), wrongCell.getMessage());
    }

    /** A fixture of tools/make_model_fixtures.py: its JSON, with its weights copied to {@code dir/NAME.safetensors}. */
    private JsonNode fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/models/" + name + ".safetensors")) {
            Files.copy(in, dir.resolve(name + ".safetensors"));
        }
        try (InputStream in = getClass().getResourceAsStream("/models/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    static List<Seq> sequences(JsonNode ids, JsonNode lengths) {
        List<Seq> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) out.add(Seq.of(Arrays.copyOf(ints(ids.get(i)), lengths.get(i).asInt())));
        return out;
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) a.get(i).asDouble();
        return out;
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("m.safetensors");
        cases().get(3).model().save(file, Map.of());
        return file;
    }

    private String refusal(Path file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file, COMPUTE));
        assertTrue(e.getMessage().contains(file.toString()), "the message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedFilesAreRefusedWithTheReason() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, 5));
        assertTrue(refusal(cut).contains("shorter than the 8-byte header length"));
        Files.write(cut, Arrays.copyOf(bytes, 100));
        assertTrue(refusal(cut).contains("declares a header of"));
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertTrue(refusal(cut).contains("outside the"), "truncated data");
    }

    @Test
    void aFlippedDataByteIsCaughtByTheChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        bytes[bytes.length - 7] ^= 0x10;
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, bytes);
        assertTrue(refusal(bad).contains("corrupted"));
    }

    /** Every bit of the header (shapes, offsets, config, labels, vocabulary) is under the checksum: all 8·|header| flips are refused. */
    @Test
    void everyFlippedHeaderBitIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        Path bad = dir.resolve("flipped.safetensors");
        for (int i = 8; i < 8 + headerLength; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = bytes.clone();
                b[i] ^= (byte) (1 << bit);
                Files.write(bad, b);
                assertThrows(IllegalArgumentException.class, () -> Models.load(bad, COMPUTE), "byte " + i + " bit " + bit + " loaded");
            }
        }
    }

    /** A file with megabytes appended after its tensors (a sparse 2 GB file loaded for 22 s) is refused before its data are read. */
    @Test
    void bytesThatNoTensorDescribesAreRefusedAtOnce() throws IOException {
        Path padded = dir.resolve("padded.safetensors");
        Files.copy(saved(), padded);
        try (var ch = java.nio.channels.FileChannel.open(padded, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), (1L << 30) - 1);     // a sparse gigabyte after the data
        }
        long started = System.nanoTime();
        assertTrue(refusal(padded).contains("after its last tensor that no tensor describes"));
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "refused without reading the gigabyte");
    }

    /** Swapped data_offsets of two same-sized tensors would load the weights into each other's places: refused. */
    @Test
    void swappedDataOffsetsAreRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        String header = new String(bytes, 8, (int) java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode h = JSON.readTree(header);
        List<String> same = new ArrayList<>();
        h.fields().forEachRemaining(e -> { if (!e.getKey().equals("__metadata__") && e.getValue().get("shape").toString().equals("[6]")) same.add(e.getKey()); });
        assertTrue(same.size() >= 2, "two tensors of shape [6] in " + same);
        String a = h.get(same.get(0)).get("data_offsets").toString(), b = h.get(same.get(1)).get("data_offsets").toString();
        String swapped = header.replace(a, "@A@").replace(b, a).replace("@A@", b);
        assertEquals(header.length(), swapped.length());
        byte[] out = bytes.clone();
        System.arraycopy(swapped.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, out, 8, swapped.length());
        Path bad = dir.resolve("swapped.safetensors");
        Files.write(bad, out);
        assertTrue(refusal(bad).contains("corrupted"));
    }

    /** A config claiming a 40M-word vocabulary, hidden 16000 or a million layers is refused before anything is allocated. */
    @ParameterizedTest
    @ValueSource(strings = {"\"vocab\":40000000", "\"hidden\":16000", "\"layers\":1000000"})
    void aConfigThatDisagreesWithTheTensorsIsRefusedBeforeAllocating(String claim) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(saved());
        Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
        String config = meta.get("config");
        String key = claim.substring(0, claim.indexOf(':') + 1);
        meta.put("config", config.replaceFirst(java.util.regex.Pattern.quote(key) + "\\d+", claim));
        assertTrue(!meta.get("config").equals(config), "the claim replaced a field of " + config);
        Path big = dir.resolve("claims.safetensors");
        SafeTensors.write(big, c.tensors(), meta);                             // a valid checksum over the changed config
        long started = System.nanoTime();
        String message = refusal(big);
        assertTrue(message.contains("parameters, but the file holds"), message);
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "refused at once");
    }

    @Test
    void weightsOfAnotherArchitectureAreRefused() throws IOException {
        Path file = saved();
        var other = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(8, 4), 8, 4, RnnSpec.of(CellType.LSTM, 6), Attention.Score.ADDITIVE, 2, 3), COMPUTE, new SplittableRandom(1));
        var e = assertThrows(IllegalArgumentException.class, () -> Models.loadWeights(other, file));
        assertTrue(e.getMessage().contains("decoder.attention.key.weight") && e.getMessage().contains("expected shape [6, 6], got [6, 12]"), e.getMessage());
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("weight", Tensor.zeros(2, 2)), Map.of());
        assertTrue(refusal(plain).contains("no rnn4j metadata"));
    }

    /** Any single truncation or flipped byte: the model loads and predicts as before, or is refused by message. */
    @Test
    void fuzzedFilesNeverFailWithAnythingButAClearRefusal() throws IOException {
        Case c = cases().get(3);
        Path file = dir.resolve("m.safetensors");
        c.model().save(file, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        float[] expected = c.predictions().apply(c.model());
        SplittableRandom r = new SplittableRandom(2);
        Path bad = dir.resolve("fuzz.safetensors");
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] b = i % 3 == 0 ? Arrays.copyOf(bytes, r.nextInt(bytes.length)) : bytes.clone();
            if (i % 3 != 0) b[r.nextInt(i % 3 == 1 ? Math.min(b.length, 2000) : b.length)] ^= (byte) (1 << r.nextInt(8));
            Files.write(bad, b);
            try {
                Models.Loaded l = Models.load(bad, COMPUTE);
                assertArrayEquals(expected, c.predictions().apply(l.model()), "a damaged file loaded with different weights");
            } catch (IllegalArgumentException e) {
                refused++;
                assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
            } catch (Exception e) {
                fail("damage " + i + " gave " + e, e);
            }
        }
        assertTrue(refused > 700, "most damage must be detected, " + refused + " were");
    }
}
