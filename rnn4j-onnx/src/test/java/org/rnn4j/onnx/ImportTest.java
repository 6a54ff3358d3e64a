package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.data.Seq;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Target;
import org.rnn4j.parse.StrictJson;

/**
 * The graphs torch.onnx.export writes for PyTorch's embedding, recurrent and linear layers (tools/make_onnx_import_fixtures.py,
 * opsets 14 and 17) import as rnn4j models that give PyTorch's outputs within 1e-5; the graphs rnn4j cannot express are
 * refused with their nodes named.
 */
class ImportTest {
    static final Path FIXTURES = Path.of("src/test/resources/import");
    static final List<String> REFUSED = List.of("convolution", "self_attention", "lstm_bi_last_output");

    static Stream<String> importable() throws Exception {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).map(n -> n.substring(0, n.length() - 5))
                    .filter(n -> REFUSED.stream().noneMatch(n::startsWith)).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("importable")
    void importedModelGivesPytorchsOutputs(String name) throws Exception {
        Onnx.Imported imported = Onnx.read(FIXTURES.resolve(name + ".onnx"), false, ExportTest.COMPUTE);
        JsonNode f = StrictJson.MAPPER.readTree(FIXTURES.resolve(name + ".json").toFile());
        boolean timeMajor = imported.inputTimeMajor();                 // the fixture's input is then [T, B]
        int b = f.get("shape").get(timeMajor ? 1 : 0).asInt(), t = f.get("shape").get(timeMajor ? 0 : 1).asInt();
        List<Seq> x = new ArrayList<>();
        JsonNode in = f.get("input");
        for (int i = 0; i < b; i++) {
            if (f.get("shape").size() == 2) {
                int[] ids = new int[t];
                for (int s = 0; s < t; s++) ids[s] = in.get(timeMajor ? s * b + i : i * t + s).asInt();
                x.add(Seq.of(ids));
            } else {
                int w = f.get("shape").get(2).asInt();
                float[][] steps = new float[t][w];
                for (int s = 0; s < t; s++) for (int k = 0; k < w; k++) steps[s][k] = (float) in.get((i * t + s) * w + k).asDouble();
                x.add(Seq.of(steps));
            }
        }
        JsonNode expected = f.get("output");
        if (imported.model() instanceof ManyToOne m) {
            boolean linked = !(m.config().target() instanceof Target.Classes) || name.contains("softmax");
            float[] got = linked ? flat(m.predict(x)) : m.logits(x).data();
            assertEquals(expected.size(), got.length, imported.summary());
            for (int i = 0; i < got.length; i++) assertEquals(expected.get(i).asDouble(), got[i], 1e-5, name + " output " + i + ": " + imported.summary());
        } else {
            ManyToMany m = (ManyToMany) imported.model();
            List<float[][]> logits = m.logits(x);
            int c = logits.get(0)[0].length;
            assertEquals(expected.size(), b * t * c);
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < t; s++) {
                    for (int k = 0; k < c; k++) {
                        int at = imported.outputTimeMajor() ? (s * b + i) * c + k : (i * t + s) * c + k;
                        assertEquals(expected.get(at).asDouble(), logits.get(i)[s][k], 1e-5, name + " sequence " + i + " step " + s + ": " + imported.summary());
                    }
                }
            }
        }
    }

    @Test
    void whatRnn4jCannotExpressIsRefusedWithItsNodes() {
        for (int opset : new int[] {14, 17}) {
            assertRefused("convolution_opset" + opset, "Conv (node /conv/Conv)");
            assertRefused("self_attention_opset" + opset, "Transpose (node /Transpose)");
            assertRefused("lstm_bi_last_output_opset" + opset, "reads the last step of a bidirectional output");
        }
    }

    @Test
    void notOnnxIsRefusedWithTheFileNamed(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "label\ttext\n1\tnot a model\n");
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.read(junk, false, ExportTest.COMPUTE));
        assertTrue(e.getMessage().contains("junk.onnx") && e.getMessage().contains("ONNX"), e.getMessage());
    }

    /** Damaged files: 300 random bytes changed in PyTorch's graphs either import or are refused with the file named, never a crash. */
    @Test
    void damagedFilesAreRefusedCleanly(@TempDir Path dir) throws Exception {
        var rng = new java.util.SplittableRandom(23);
        List<String> names = importable().toList();
        int refused = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve(names.get(trial % names.size()) + ".onnx"));
            for (int k = 0; k < 1 + rng.nextInt(3); k++) bytes[rng.nextInt(bytes.length)] ^= (byte) (1 << rng.nextInt(8));
            Path f = Files.write(dir.resolve("damaged" + trial + ".onnx"), bytes);
            try {
                Onnx.read(f, false, ExportTest.COMPUTE);
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 0, "some damage is refused");
    }

    private static void assertRefused(String name, String node) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.read(FIXTURES.resolve(name + ".onnx"), false, ExportTest.COMPUTE));
        assertTrue(e.getMessage().contains(node), name + ": " + e.getMessage());
    }

    private static float[] flat(List<float[]> rows) {
        int w = rows.get(0).length;
        float[] out = new float[rows.size() * w];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, out, i * w, w);
        return out;
    }
}
