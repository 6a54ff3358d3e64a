package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input through the command line: every reader's kinds of bad file, an unknown label at evaluation time, a
 * damaged model. Each run exits with code 2 and prints one line naming the file, the line and what was expected,
 * with no stack trace.
 */
@Tag("process")
class BadInputTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void trainASmallClassifier() throws Exception {
        model = Cli.smallClassifier(dir);
    }

    static void refused(Cli.Run r, String... expected) {
        Cli.refused(r, expected);
    }

    static Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    static Path write(String name, String content) throws Exception {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "classify|missing.tsv|1\\tgood\\nno tab\\n|:2: expected label<TAB>text, found no tab",
            "classify|empty.tsv||:1: the file has no records; expected lines of label<TAB>text",
            "regress|words.tsv|1.5\\tfine\\nhigh\\tbad\\n|:2: expected a finite decimal float32 as the label of a regression example, found \"high\"",
            "seq2seq|pairs.tsv|4 2\\tforty two\\n4 3\\n|:2: expected source<TAB>target, found 0 tabs",
            "tag|tags.conll|the\\tDET\\ndog\\n|:2: expected token<TAB>tag",
            "classify|ragged.jsonl|{\"x\": [[1, 2]], \"y\": \"a\"}\\n{\"x\": [[1, 2], [3]], \"y\": \"b\"}\\n|:2: ragged \"x\": step 1 has 1 numbers, step 0 has 2",
            "regress|type.jsonl|{\"x\": [[1, 2]], \"y\": \"high\"}\\n|:1: \"y\" must be a number, found a string",
            "caption|nox.jsonl|{\"y\": \"a red square\"}\\n|:1: missing field \"x\"",
            "regress|text.csv|day,value\\n0,1\\n1,high\\n|:3: expected a finite decimal float32 in column value, found \"high\""})
    void badTrainingFile(String task, String name, String content, String expected) throws Exception {
        Path f = write(name, content == null ? "" : content.replace("\\t", "\t").replace("\\n", "\n"));
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--train", f.toString(), "--model", dir.resolve("out.safetensors").toString(), "--epochs", "1"));
        if (name.endsWith(".csv")) args.addAll(List.of("--column", "value"));
        refused(Cli.run(dir, null, args.toArray(String[]::new)), f.toString(), expected);
    }

    @Test
    void invalidUtf8AndAHugeLine() throws Exception {
        byte[] latin1 = "1\tgood\n0\tna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        Path bad = write("latin1.tsv", latin1);
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", bad.toString(), "--model", dir.resolve("o.safetensors").toString()),
                bad + ":2: is not valid UTF-8");
        byte[] huge = new byte[10 << 20];
        Arrays.fill(huge, (byte) 'a');
        huge[0] = '1';
        huge[1] = '\t';
        Path big = write("huge.tsv", huge);
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", big.toString(), "--model", dir.resolve("o.safetensors").toString()),
                big + ":1: line is longer than 1048576 bytes");
    }

    @Test
    void invalidUtf8OnStandardInput() throws Exception {
        Path in = write("stdin.txt", "movie was good\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process p = Cli.builder(dir, "predict", "--model", model.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(2, p.waitFor(), Files.readString(err));
        assertEquals(1, Files.readAllLines(out).size(), "the first line was predicted");
        assertTrue(Files.readString(err).contains("<stdin>:2: is not valid UTF-8"), Files.readString(err));
        Cli.requireNoStackTrace(Files.readString(err), "predict");
    }

    @Test
    void unknownLabelAtEvaluation() throws Exception {
        Path test = write("test.tsv", "1\tmovie was good\nneutral\tmovie was fine\n");
        refused(Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", test.toString()),
                test + ":2: unknown label \"neutral\"; the model knows [0, 1]");
    }

    @Test
    void badPredictInputAndDamagedModel() throws Exception {
        Path jsonModel = dir.resolve("gestures.safetensors");
        Cli.Run r = Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("gestures.jsonl").toString(), "--model", jsonModel.toString(),
                "--epochs", "1", "--hidden", "8", "--no-report");
        assertEquals(0, r.exit(), r.toString());
        refused(Cli.run(dir, "{\"x\": [[1, 2, 3]]}\n{\"x\": [[1, 2]]}\n", "predict", "--model", jsonModel.toString()),
                "<stdin>:2: \"x\" has 2 features per step; this model reads 3");
        byte[] bytes = Files.readAllBytes(model);
        Path cut = write("cut.safetensors", Arrays.copyOf(bytes, bytes.length / 2));
        refused(Cli.run(dir, "movie was good\n", "predict", "--model", cut.toString()), "model file " + cut, "truncated");
        refused(Cli.run(dir, null, "evaluate", "--model", dir.resolve("none.safetensors").toString(), "--test", Cli.data("reviews.tsv").toString()), "no such model file");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString()), "train needs --task, --train and --model");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.dat").toString(), "--model", "x"), "no such file");
    }
}
