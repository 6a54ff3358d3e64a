package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * README's "Deploy with ONNX", command for command as it prints them (read from it), in a scratch copy of the paths,
 * with the Java programs of examples/onnx compiled and run on ONNX Runtime: the tour's model exported gives
 * {@code rnn4j predict}'s probabilities in ONNX Runtime; the exported encoder-decoder, decoded greedily, gives its
 * translations; the PyTorch LSTM imported gives PyTorch's probabilities from predict and from {@code rnn4j serve}.
 */
@Tag("process")
@Tag("long")
class OnnxDeployTest {
    static Path work, classes;
    static List<String> commands;

    @BeforeAll
    static void setUp() throws Exception {
        String readme = Files.readString(Cli.ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Deploy with ONNX"), readme.indexOf("## On a cluster"));
        commands = new ArrayList<>();
        for (String block : section.split("```bash")) {
            if (block.contains("```")) for (String line : block.substring(0, block.indexOf("```")).strip().split("\n")) commands.add(line.strip());
        }
        work = Files.createTempDirectory("rnn4j-onnx-deploy");
        Files.createDirectories(work.resolve("examples"));
        Files.createSymbolicLink(work.resolve("examples/data"), Cli.data("reviews.tsv").getParent());
        Files.createSymbolicLink(work.resolve("examples/onnx"), Cli.ROOT.resolve("examples/onnx"));
        classes = Files.createTempDirectory("rnn4j-onnx-examples");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                Cli.ROOT.resolve("examples/onnx/OnnxPredict.java").toString(), Cli.ROOT.resolve("examples/onnx/OnnxTranslate.java").toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
    }

    /** The README's command that starts with {@code start}. */
    static String command(String start) {
        return commands.stream().filter(c -> c.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("README's Deploy with ONNX has no " + start + ": " + commands));
    }

    /** Runs a README line {@code ./rnn4j ...} in the scratch folder. */
    static Cli.Run rnn4j(String line, String stdin) throws Exception {
        Cli.Run r = Cli.run(work, stdin, ReadmeTourTest.args(line).toArray(String[]::new));
        assertEquals(0, r.exit(), line + "\n" + r);
        return r;
    }

    /** Runs an example's main class with the README line's arguments (quoted ones whole), returning what it printed. */
    static String example(String className, String line) throws Exception {
        List<String> args = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line.substring(0, line.contains("  #") ? line.indexOf("  #") : line.length()));
        while (m.find()) args.add(m.group(1) != null ? m.group(1) : m.group(2));
        args.remove(0);                                              // the script
        args.replaceAll(a -> a.startsWith("out/") ? work.resolve(a).toString() : a);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, OnnxDeployTest.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(className).getMethod("main", String[].class).invoke(null, (Object) args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theToursModelRunsInOnnxRuntimeWithPredictsProbabilities() throws Exception {
        rnn4j(ReadmeTourTest.tour().get(0), null);
        Cli.Run exported = rnn4j(command("./rnn4j export"), null);
        assertTrue(exported.out().contains("inputs   tokens int64 [batch, steps], lengths int64 [batch]"), exported.out());
        String text = "the acting was not bad";
        String onnx = example("OnnxPredict", command("examples/onnx/predict"));
        JsonNode predicted = ReadmeTourTest.JSON.readTree(rnn4j(command("echo \"" + text).substring(command("echo \"" + text).indexOf("./rnn4j")), text + "\n").out());
        Matcher p = Pattern.compile("^(\\S+)\\t p\\(0\\) = ([0-9.]+) p\\(1\\) = ([0-9.]+)\\t" + text).matcher(onnx.strip());
        assertTrue(p.find(), onnx);
        assertEquals(predicted.get("prediction").asText(), p.group(1));
        assertEquals(predicted.get("probabilities").get("0").asDouble(), Double.parseDouble(p.group(2)), 1e-5, onnx);
        assertEquals(predicted.get("probabilities").get("1").asDouble(), Double.parseDouble(p.group(3)), 1e-5, onnx);
    }

    @Test
    void theExportedEncoderDecoderTranslatesAsPredict() throws Exception {
        rnn4j(command("./rnn4j train --task seq2seq"), null);
        rnn4j(command("./rnn4j export --onnx out/numbers"), null);
        List<String> sources = Files.readAllLines(Cli.data("numbers-test.tsv")).stream().limit(30).map(l -> l.split("\t")[0]).toList();
        String line = command("examples/onnx/translate");
        StringBuilder quoted = new StringBuilder(line.substring(0, line.indexOf('"')));
        sources.forEach(s -> quoted.append('"').append(s).append("\" "));
        List<String> onnx = example("OnnxTranslate", quoted.toString()).lines().toList();
        Path model = work.resolve("out/numbers.safetensors");
        List<String> rnn4j = Cli.run(work, String.join("\n", sources) + "\n", "predict", "--model", model.toString()).out().lines().toList();
        assertEquals(rnn4j, onnx);
        assertEquals("seven hundred forty three", example("OnnxTranslate", line).strip());
    }

    @Test
    void exportAndImportNeverWriteOverTheirInputs() throws Exception {
        Path dir = Files.createTempDirectory("rnn4j-onnx-refusals"), model = Cli.smallClassifier(dir);
        byte[] before = Files.readAllBytes(model);
        Cli.refused(Cli.run(dir, null, "export", "--onnx", model.toString(), model.toString()), "is an input of this run");
        Path vocab = Cli.ROOT.resolve("examples/onnx/pytorch-reviews.vocab"), copy = Files.copy(vocab, dir.resolve("v.txt"));
        Cli.refused(Cli.run(dir, null, "import", "--onnx", Cli.ROOT.resolve("examples/onnx/pytorch-reviews.onnx").toString(), copy.toString(), "--task", "classify",
                "--vocab", copy.toString(), "--labels", Cli.ROOT.resolve("examples/onnx/pytorch-reviews.labels").toString()), "is an input of this run");
        Cli.refused(Cli.run(dir, null, "import", "--onnx", model.toString(), dir.resolve("x.safetensors").toString()), model.toString(), "is not an ONNX model");
        Cli.refused(Cli.run(dir, null, "import", "--onnx", Cli.ROOT.resolve("examples/onnx/pytorch-reviews.onnx").toString(), dir.resolve("y.safetensors").toString(),
                "--task", "classify", "--labels", Cli.ROOT.resolve("examples/onnx/pytorch-reviews.labels").toString()), "--vocab");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model)));
        assertEquals(Files.readString(vocab), Files.readString(copy));
        Cli.Run conv = Cli.run(dir, null, "import", "--onnx", Cli.ROOT.resolve("rnn4j-onnx/src/test/resources/import/convolution_opset17.onnx").toString(), dir.resolve("z.safetensors").toString());
        assertEquals(2, conv.exit(), conv.toString());
        assertTrue(conv.err().contains("Conv (node /conv/Conv)") && !Files.exists(dir.resolve("z.safetensors")), conv.toString());
    }

    @Test
    void theImportedPytorchLstmPredictsAndServesPytorchsProbabilities() throws Exception {
        JsonNode pytorch = ReadmeTourTest.JSON.readTree(Cli.ROOT.resolve("examples/onnx/pytorch-reviews.json").toFile()).get("probabilities");
        rnn4j(command("./rnn4j import --onnx"), null);
        Path model = work.resolve("out/imported/pytorch-reviews.safetensors");
        var texts = new ArrayList<String>();
        pytorch.fieldNames().forEachRemaining(texts::add);
        List<String> lines = Cli.run(work, String.join("\n", texts) + "\n", "predict", "--model", model.toString(), "--json").out().lines().toList();
        try (Cli.Server server = Cli.serve(work, work.resolve("out/imported"))) {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < texts.size(); i++) {
                JsonNode fromPredict = ReadmeTourTest.JSON.readTree(lines.get(i));
                String body = ReadmeTourTest.JSON.writeValueAsString(java.util.Map.of("text", texts.get(i)));
                JsonNode served = ReadmeTourTest.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/pytorch-reviews/predict"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (int c = 0; c < 2; c++) {
                    double expected = pytorch.get(texts.get(i)).get(c).asDouble();
                    assertEquals(expected, fromPredict.get("probabilities").get(Integer.toString(c)).asDouble(), 1e-5, texts.get(i) + " from predict");
                    assertEquals(expected, served.get("probabilities").get(Integer.toString(c)).asDouble(), 1e-5, texts.get(i) + " from serve");
                }
            }
        }
    }
}
