package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The third hostile-input round, each case as it was reported: outputs that would overwrite an input, numbers that
 * are no float32, model files that are forged yet carry a valid checksum, mistyped and misplaced options, and runs
 * that are not bounded. Each now ends at once with exit 2 and one line, and nothing is lost.
 */
@Tag("process")
class StrictInputTest {
    @TempDir static Path dir;
    static Path classifier, series;

    @BeforeAll
    static void trainTwo() throws Exception {
        classifier = Cli.smallClassifier(dir);
        series = dir.resolve("series.safetensors");
        Cli.Run r = Cli.run(dir, null, "train", "--task", "regress", "--train", Cli.data("series.csv").toString(), "--column", "value", "--window", "10",
                "--model", series.toString(), "--hidden", "8", "--epochs", "1", "--no-report");
        assertEquals(0, r.exit(), r.toString());
    }

    static Cli.Run train(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(),
                "--model", dir.resolve("opt.safetensors").toString(), "--epochs", "1", "--hidden", "8", "--embedding", "8"));
        args.addAll(Arrays.asList(extra));
        return Cli.run(dir, null, args.toArray(String[]::new));
    }

    /** A report, a checkpoint or a lock that would land on the training data: refused before any work, the data intact. */
    @Test
    void noOutputOfARunOverwritesItsInput() throws Exception {
        Path data = Files.createDirectories(dir.resolve("rp.run")).resolve("report.json");
        Files.copy(Cli.data("reviews.tsv"), data, StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(data);
        Cli.refused(Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--format", "TSV", "--model", dir.resolve("rp.safetensors").toString(),
                "--epochs", "1", "--hidden", "8", "--embedding", "8"), "the run folder's report " + data, "(--train");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path inReports = Files.copy(Cli.data("reviews.tsv"), reports.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        Cli.refused(Cli.run(dir, null, "train", "--task", "classify", "--train", inReports.toString(), "--format", "TSV", "--model", dir.resolve("od.safetensors").toString(),
                "--run-dir", reports.toString(), "--epochs", "1"), "--run-dir's report", "(--train");
        Path linked = Files.createDirectories(dir.resolve("lnk.run")).resolve("checkpoint.safetensors");
        Files.createSymbolicLink(linked, data);                                           // the checkpoint's path is a link to the data
        Cli.refused(Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--format", "TSV", "--model", dir.resolve("lnk.safetensors").toString(),
                "--no-report", "--epochs", "1"), "the run folder's checkpoint", "(--train");
        Path valid = Files.copy(Cli.data("reviews.tsv"), dir.resolve("v.safetensors.lock"), StandardCopyOption.REPLACE_EXISTING);
        Cli.refused(Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--valid", valid.toString(), "--format", "TSV",
                "--model", dir.resolve("v.safetensors").toString(), "--no-report"), "--model's lock", "(--valid");
        assertArrayEquals(before, Files.readAllBytes(data), "the training data is intact");
        assertFalse(Files.exists(dir.resolve("rp.safetensors")) || Files.exists(dir.resolve("od.safetensors")), "no model written");
    }

    @Test
    void aFinishedRunLeavesNoLockFile() throws Exception {
        Cli.Run r = train("--no-report");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.exists(dir.resolve("opt.safetensors")));
        assertFalse(Files.exists(dir.resolve("opt.safetensors.lock")), "the lock file is removed when the run ends");
        assertFalse(Files.exists(dir.resolve("opt.run")), "without a report, a run that ended well leaves no run folder");
        Files.delete(dir.resolve("opt.safetensors"));
    }

    /** predict's input: the same decimal, finite float32 rule as the training readers. */
    @ParameterizedTest
    @ValueSource(strings = {"NaN", "1e39", "-1e39", "Infinity", "3.5f", "0x1p3", "1_000", "1e400"})
    void predictInputMustBeFiniteDecimalFloat32(String value) throws Exception {
        String line = "1,2,3,4,5,6,7,8,9," + value + "\n";
        Cli.refused(Cli.run(dir, line, "predict", "--model", series.toString()), "<stdin>:1: value 10", value);
        assertEquals(0, Cli.run(dir, "1,2,3,4,5,6,7,8,9,3.3e38\n", "predict", "--model", series.toString()).exit(), "the largest float32s are numbers");
    }

    /** Training labels and series values in Java's own float syntax are no data. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"labels.tsv|3.5f|1.5\\tgood film\\n{}\\tbad film\\n2\\tfine\\n", "hex.tsv|0x1p3|1.5\\tgood film\\n{}\\tbad film\\n2\\tfine\\n",
            "values.csv|3.5f|day,value\\n0,1\\n1,{}\\n2,3\\n3,4\\n", "nan.csv|NaN|day,value\\n0,1\\n1,{}\\n2,3\\n3,4\\n"})
    void javaFloatSyntaxIsNotData(String name, String value, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content.replace("{}", value).replace("\\t", "\t").replace("\\n", "\n"));
        List<String> args = new ArrayList<>(List.of("train", "--task", "regress", "--train", f.toString(), "--model", dir.resolve("n.safetensors").toString()));
        if (name.endsWith(".csv")) args.addAll(List.of("--column", "value", "--window", "1"));
        Cli.refused(Cli.run(dir, null, args.toArray(String[]::new)), f + ":" + (name.endsWith(".csv") ? 3 : 2) + ":", "decimal float32", value);
    }

    /** A sparse 1.9 GB file whose header declares one huge tensor beside a small model's metadata: refused from the header, in seconds. */
    @Test
    void aHugeTensorIsRefusedFromTheHeaderBeforeAnyDataIsRead() throws Exception {
        String header = new String(headerBytes(classifier), StandardCharsets.UTF_8).strip();
        int meta = header.indexOf("\"__metadata__\"");
        String forged = "{\"huge\":{\"dtype\":\"F32\",\"shape\":[475000000],\"data_offsets\":[0,1900000000]}," + header.substring(meta);
        byte[] json = forged.getBytes(StandardCharsets.UTF_8);
        Path sparse = dir.resolve("sparse.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.setLength(8 + json.length + 1_900_000_000L);
        }
        long started = System.nanoTime();
        Cli.refused(Cli.run(dir, null, "inspect", sparse.toString()), "model file " + sparse, "parameters, but the file holds 475000000");
        Cli.refused(Cli.run(dir, "movie was good\n", "predict", "--model", sparse.toString()), "parameters, but the file holds 475000000");
        assertTrue(System.nanoTime() - started < 30_000_000_000L, "refused at once");
    }

    /** Forged model files with a valid checksum: each leniency of the header or config is refused, and inspect fails too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a tensor named twice|tensor|Duplicate field",
            "an object after the header|trailing|not strict UTF-8 JSON",
            "a config key twice|config-twice|Duplicate field",
            "a fractional vocabulary|vocab-fraction|invalid many-to-one config",
            "a NaN weight|nan|has a weight that is NaN",
            "an infinite weight|infinity|has a weight that is -Infinity",
            "format RNN4J|format|has format \"RNN4J\""})
    void forgedModelFilesAreRefused(String what, String how, String expected) throws Exception {
        Path forged = dir.resolve("forged-" + how + ".safetensors");
        byte[] file = Files.readAllBytes(classifier);
        String header = new String(headerBytes(classifier), StandardCharsets.UTF_8).stripTrailing();
        byte[] data = Arrays.copyOfRange(file, 8 + headerBytes(classifier).length, file.length);
        switch (how) {
            case "tensor" -> {
                Matcher m = Pattern.compile("\"[^\"]+\":\\{\"dtype\":\"F32\",\"shape\":\\[[0-9,]*\\],\"data_offsets\":\\[[0-9]+,[0-9]+\\]\\}").matcher(header);
                assertTrue(m.find(), header);
                header = header.substring(0, m.end()) + "," + m.group() + header.substring(m.end());
            }
            case "trailing" -> header = header + "{}";
            case "config-twice" -> header = header.replaceFirst("(\\\\\"vocab\\\\\":\\d+)", "$1,$1");
            case "vocab-fraction" -> header = header.replaceFirst("(\\\\\"vocab\\\\\":)(\\d+)", "$1$2.5");
            case "nan" -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
            case "infinity" -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NEGATIVE_INFINITY);
            case "format" -> header = header.replace("\"format\":\"rnn4j\"", "\"format\":\"RNN4J\"");
            default -> throw new IllegalArgumentException(how);
        }
        write(forged, header, data);
        Cli.refused(Cli.run(dir, null, "inspect", forged.toString()), "model file " + forged, expected);
        if (!how.equals("format")) Cli.refused(Cli.run(dir, "movie was good\n", "predict", "--model", forged.toString()), "model file " + forged, expected);
    }

    @Test
    void theForgeryHelperWritesAValidFile() throws Exception {
        Path same = dir.resolve("rewritten.safetensors");
        byte[] file = Files.readAllBytes(classifier);
        write(same, new String(headerBytes(classifier), StandardCharsets.UTF_8).stripTrailing(), Arrays.copyOfRange(file, 8 + headerBytes(classifier).length, file.length));
        assertEquals(0, Cli.run(dir, null, "inspect", same.toString()).exit(), "an unchanged header with a recomputed checksum loads");
    }

    static byte[] headerBytes(Path model) throws Exception {
        byte[] file = Files.readAllBytes(model);
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Arrays.copyOfRange(file, 8, 8 + (int) n);
    }

    /** A safetensors file with {@code header} (padded with spaces) and {@code data}, its crc32c field recomputed as rnn4j computes it. */
    static void write(Path file, String header, byte[] data) throws Exception {
        String zeros = "0000000000000000";
        String h = header.replaceFirst("\"crc32c\":\"[0-9a-f]{16}\"", "\"crc32c\":\"" + zeros + "\"");
        byte[] json = h.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        CRC32C crc = new CRC32C();
        crc.update(padded);
        crc.update(data);
        String sum = String.format("%016x", crc.getValue());
        byte[] withSum = new String(padded, StandardCharsets.UTF_8).replace("\"crc32c\":\"" + zeros + "\"", "\"crc32c\":\"" + sum + "\"").getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + withSum.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(withSum.length).put(withSum).put(data);
        Files.write(file, out.array());
    }

    /** A mistyped value: one line naming the option, the value and what is accepted, never the usage text or a Java exception. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--hidden abc|'--hidden': 'abc' is not an int",
            "--cell bogus|'--cell': expected one of rnn, rnn_relu, lstm, gru, mingru, minlstm but was 'bogus'",
            "--attention bogus|--attention must be DOT, GENERAL, ADDITIVE or NONE, got \"bogus\"",
            "--optimizer nadam|'--optimizer': expected one of [SGD, ADAM, RMSPROP, ADAGRAD]",
            "--hiden 8|Unknown options: '--hiden', '8' (did you mean --hidden?)",
            "--epochs|Missing required parameter for option '--epochs'"})
    void aMistypedOptionIsOneLine(String option, String expected) throws Exception {
        Cli.Run r = train(option.split(" "));
        Cli.refused(r, expected);
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.err().contains("see rnn4j train --help"), r.err());
    }

    /** An option given where it does nothing: refused, naming the option and where it applies. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--kernel 3|--kernel applies to --task caption on image files",
            "--kernel -1|--kernel applies to --task caption on image files",
            "--filters 8,8|--filters applies to --task caption",
            "--image-size 32|--image-size applies to --task caption",
            "--window 5|--window applies to --task regress on a .csv series",
            "--horizon 2|--horizon applies to --task regress on a .csv series",
            "--column value|--column applies to --task regress on a .csv series",
            "--attention dot|--attention applies to --task seq2seq",
            "--target-tokens chars|--target-tokens applies to --task seq2seq and caption",
            "--max-length 20|--max-length applies to --task lm",
            "--allow-changed-data|--allow-changed-data goes with --resume"})
    void anOptionThatDoesNotApplyIsRefused(String option, String expected) throws Exception {
        Cli.refused(train(option.split(" ")), expected);
    }

    @Test
    void optionsOfOtherTasksAndCommandsAreRefusedToo() throws Exception {
        Cli.refused(Cli.run(dir, null, "train", "--task", "lm", "--train", Cli.data("sentences.txt").toString(), "--model", dir.resolve("lm.safetensors").toString(),
                "--pooling", "MEAN"), "--pooling applies to the recurrent models of --task classify, regress and qa only; this run is --task lm");
        Cli.refused(Cli.run(dir, null, "vectors", "--train", Cli.data("sentences.txt").toString(), "--out", dir.resolve("v.txt").toString(), "--negative", "0"),
                "--negative must be between 1");
    }

    /** A captioner of feature vectors reads one vector, not a sequence of them; an empty caption file says what a caption line is. */
    @Test
    void captionInputsAreReadAsTheyAreDocumented() throws Exception {
        Path nested = Files.writeString(dir.resolve("nested.jsonl"), "{\"x\": [[1, 2, 3]], \"y\": \"a red square\"}\n{\"x\": [[3, 2, 1]], \"y\": \"a blue circle\"}\n");
        Cli.refused(Cli.run(dir, null, "train", "--task", "caption", "--train", nested.toString(), "--model", dir.resolve("cn.safetensors").toString()),
                nested + ":1: \"x\" must be one feature vector (an array of numbers), found an array of 1 arrays");
        Path flat = Files.writeString(dir.resolve("flat.jsonl"), "{\"x\": [1, 2, 3], \"y\": \"a red square\"}\n{\"x\": [3, 2, 1], \"y\": \"a blue circle\"}\n");
        Path model = dir.resolve("cf.safetensors");
        assertEquals(0, Cli.run(dir, null, "train", "--task", "caption", "--train", flat.toString(), "--model", model.toString(), "--epochs", "1", "--hidden", "8",
                "--embedding", "8", "--no-report").exit());
        Cli.refused(Cli.run(dir, "{\"x\": [[1, 2, 3]]}\n", "predict", "--model", model.toString()), "<stdin>:1: \"x\" must be one feature vector");
        assertEquals(0, Cli.run(dir, "{\"x\": [1, 2, 3]}\n", "predict", "--model", model.toString()).exit());
        Path empty = Files.writeString(dir.resolve("empty-captions.tsv"), "");
        Cli.refused(Cli.run(dir, null, "train", "--task", "caption", "--train", empty.toString(), "--model", dir.resolve("ce.safetensors").toString()),
                empty + ":1: the file has no records; expected lines of image-path<TAB>caption");
    }

    /** A data set as a whole that cannot make a task names its file. */
    @Test
    void aSingleTagConllFileIsNamed() throws Exception {
        Path f = Files.writeString(dir.resolve("one-tag.conll"), "a\tX\nb\tX\n\nc\tX\n");
        Cli.refused(Cli.run(dir, null, "train", "--task", "tag", "--train", f.toString(), "--model", dir.resolve("t.safetensors").toString()),
                f + ": tag needs at least 2 different tags in the training data, found [X]");
    }

    @Test
    void threadsAndTheLongestSequenceAreBounded() throws Exception {
        Cli.refused(Cli.run(dir, null, "evaluate", "--model", classifier.toString(), "--test", Cli.data("reviews.tsv").toString(), "--threads", "1000"),
                "--threads must be between 0 and");
        Path huge = dir.resolve("huge-pair.tsv");
        Files.writeString(huge, "a b\tc d\n".repeat(20) + "w ".repeat(100_000) + "\tx y\n");
        long started = System.nanoTime();
        Cli.refused(Cli.run(dir, null, "train", "--task", "seq2seq", "--train", huge.toString(), "--model", dir.resolve("s2s.safetensors").toString()),
                "sequences of up to 10000");
        assertTrue(System.nanoTime() - started < 60_000_000_000L, "refused before training");
    }
}
