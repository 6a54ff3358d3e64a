package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.io.SafeTensors;

/**
 * What a careless or hostile user did to rnn4j, each case as it was reported: it now ends at once with exit 2, one
 * line naming the problem, no stack trace (every {@link Cli#run} checks that), and nothing lost.
 */
@Tag("process")
class HostileInputTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void trainOne() throws Exception {
        model = Cli.smallClassifier(dir);
    }

    static void refused(Cli.Run r, String... expected) {
        Cli.refused(r, expected);
    }

    /** Options out of range or in conflict, refused before any work. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "train --batch 0|--batch must be between 1",
            "train --batch -5|--batch must be between 1",
            "train --layers 1000000|--layers must be between 1 and 64",
            "train --hidden 2147483647|--hidden must be between 1",
            "train --epochs 0|--epochs must be between 1",
            "train --lr NaN|--lr must be a number > 0",
            "train --lr -0.01|--lr must be a number > 0",
            "train --lr 0|--lr must be a number > 0",
            "train --lr-decay -1|--lr-decay must be a number > 0",
            "train --clip -1|--clip must be a number ≥ 0",
            "train --valid-split 1.5|--valid-split must be a number ≥ 0 and ≤ 0.5",
            "train --threads -1|--threads must be between 0",
            "train --dropout 1|--dropout must be a number ≥ 0",
            "train --monitor val_nonsense|cannot monitor",
            "train --monitor val_bpc|cannot monitor val_bpc: this task's validation scores are [val_loss, val_accuracy, val_macro_f1]",
            "generate --beam 0|--beam must be between 1",
            "generate --samples -1|--samples must be between 1",
            "generate --greedy --beam 3|--greedy and --beam",
            "generate --beam 3 --temperature 0.5|does not sample",
            "generate --temperature 0|--temperature must be a number > 0",
            "evaluate --threads -1|--threads must be between 0"})
    void badOptionsAreRefusedBeforeWork(String command, String expected) throws Exception {
        String[] words = command.split(" ");
        List<String> args = new ArrayList<>(List.of(words[0]));
        switch (words[0]) {
            case "train" -> args.addAll(List.of("--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", dir.resolve("opt.safetensors").toString()));
            case "generate" -> args.addAll(List.of("--model", model.toString()));
            default -> args.addAll(List.of("--model", model.toString(), "--test", Cli.data("reviews.tsv").toString()));
        }
        args.addAll(List.of(words).subList(1, words.length));
        long started = System.nanoTime();
        refused(Cli.run(dir, null, args.toArray(String[]::new)), expected);
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "refused before training");
        assertFalse(Files.exists(dir.resolve("opt.safetensors")), "no model written");
        assertFalse(Files.exists(dir.resolve("opt.safetensors.lock")), "no lock file left");
    }

    @Test
    void theModelPathNeverReplacesAnInput() throws Exception {
        Path data = dir.resolve("d.tsv");
        Files.copy(Cli.data("reviews.tsv"), data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(data);
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", data.toString()), "is an input of this run");
        assertArrayEquals(before, Files.readAllBytes(data), "the training data is intact");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", dir.toString()), "is a directory");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", data.resolve("under-a-file.safetensors").toString()),
                "cannot be made");
    }

    @Test
    void directoriesAndPipesAreNotCalledMissing() throws Exception {
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", dir.toString(), "--model", dir.resolve("x.safetensors").toString()), "is a directory");
        Path fifo = dir.resolve("pipe.tsv");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", fifo.toString(), "--model", dir.resolve("x.safetensors").toString()), "is not a regular file");
    }

    @Test
    void aSecondRunOnTheSameModelIsRefusedWhileTheFirstRuns() throws Exception {
        Path data = dir.resolve("long.tsv");
        Files.writeString(data, Files.readString(Cli.data("reviews.tsv")).repeat(40));
        Path busy = dir.resolve("busy.safetensors");
        Process first = Cli.builder(dir, "train", "--task", "classify", "--train", data.toString(), "--model", busy.toString(), "--epochs", "50", "--hidden", "64",
                "--no-report", "--threads", "1").redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("first.log")).contains("training examples") && System.nanoTime() < deadline) Thread.sleep(100);
            refused(Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", busy.toString(), "--epochs", "1"),
                    "another rnn4j train is writing this model");
        } finally {
            first.destroyForcibly().waitFor();
        }
    }

    @Test
    void aCopiedCheckpointDoesNotOverwriteTheOriginalRun() throws Exception {
        Path original = dir.resolve("orig.safetensors");
        assertEquals(0, Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", original.toString(),
                "--epochs", "1", "--hidden", "8", "--embedding", "8", "--no-report", "--keep-checkpoint").exit());
        Path copy = dir.resolve("copy.ckpt");
        Files.copy(Cli.checkpoint(original), copy);
        byte[] before = Files.readAllBytes(original);
        refused(Cli.run(dir, null, "train", "--resume", copy.toString()), "is a checkpoint of the run writing");
        assertArrayEquals(before, Files.readAllBytes(original));
        Path elsewhere = dir.resolve("elsewhere.safetensors");
        Cli.Run moved = Cli.run(dir, null, "train", "--resume", copy.toString(), "--model", elsewhere.toString(), "--no-report");
        assertEquals(0, moved.exit(), moved.toString());
        assertTrue(Files.exists(elsewhere));
        assertArrayEquals(before, Files.readAllBytes(original), "the original run's model is untouched");
    }

    @Test
    void aChangedTrainingFileIsNotResumedSilently() throws Exception {
        Path data = dir.resolve("changing.tsv"), m = dir.resolve("changing.safetensors");
        Files.copy(Cli.data("reviews.tsv"), data);
        assertEquals(0, Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", m.toString(), "--epochs", "3",
                "--hidden", "8", "--embedding", "8", "--checkpoint-every", "2", "--no-report", "--keep-checkpoint").exit());
        Files.writeString(data, "1\tthe film was good\n", java.nio.file.StandardOpenOption.APPEND);
        refused(Cli.run(dir, null, "train", "--resume", Cli.checkpoint(m).toString()), "the training file changed since the checkpoint");
        assertEquals(0, Cli.run(dir, null, "train", "--resume", Cli.checkpoint(m).toString(), "--allow-changed-data", "--no-report").exit());
    }

    @Test
    void anEarlyStoppedRunStaysStoppedWhenResumed() throws Exception {
        Path m = dir.resolve("stopped.safetensors");
        Cli.Run first = Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", m.toString(), "--epochs", "60",
                "--patience", "1", "--monitor", "loss", "--valid-split", "0", "--hidden", "8", "--embedding", "8", "--lr", "0.5", "--no-report", "--keep-checkpoint");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("early stop"), first.out());
        Cli.Run again = Cli.run(dir, null, "train", "--resume", Cli.checkpoint(m).toString(), "--no-report");
        assertEquals(0, again.exit(), again.toString());
        assertFalse(again.out().contains("train loss"), "no epoch trained after the early stop:\n" + again.out());
    }

    @Test
    void staleTemporaryFilesOfAKilledRunAreRemoved() throws Exception {
        Path m = dir.resolve("stale.safetensors");
        Path tmp = Files.createDirectories(dir.resolve("stale.run")).resolve(".checkpoint.safetensors4711.tmp"), other = dir.resolve(".other.safetensors99.tmp");
        Files.write(tmp, new byte[1000]);
        Files.write(other, new byte[10]);
        assertEquals(0, Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", m.toString(), "--epochs", "1",
                "--hidden", "8", "--embedding", "8", "--no-report").exit());
        assertFalse(Files.exists(tmp), "this model's stale checkpoint temp is gone");
        assertTrue(Files.exists(other), "another model's file is left alone");
    }

    @Test
    void aRunThatCannotFitInMemoryIsRefusedUpFront() throws Exception {
        Path huge = dir.resolve("huge-line.tsv");
        Files.writeString(huge, "1\t" + "good ".repeat(100_000) + "\n0\tbad\n1\tgood\n0\tbad bad\n".repeat(5));
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", huge.toString(), "--model", dir.resolve("huge.safetensors").toString(),
                "--hidden", "512", "--layers", "2", "--bidirectional"), "Lower --batch, --hidden or --layers, shorten the longest examples");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", dir.resolve("wide.safetensors").toString(),
                "--hidden", "16384", "--layers", "64"), "Lower --hidden, --layers or --embedding");
    }

    /** Numbers that overflow float32, NaN, trailing data and repeated keys: FILE:LINE errors, for training data, vectors and predict input. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "overflow.jsonl|{\"x\": [[1, 1e39]], \"y\": \"a\"}|:1: \"x\" step 0 element 1 is 1.0E39, which is not a finite float32",
            "infinite.jsonl|{\"x\": [[1, 1e400]], \"y\": \"a\"}|:1: \"x\" step 0 element 1 is",
            "nan.jsonl|{\"x\": [[1, NaN]], \"y\": \"a\"}|:1: expected a JSON object",
            "trailing.jsonl|{\"x\": [[1, 2]], \"y\": \"a\"} {\"x\": 3}|:1: expected a JSON object",
            "twice.jsonl|{\"x\": [[1, 2]], \"y\": \"a\", \"y\": \"b\"}|:1: expected a JSON object"})
    void jsonNumbersAndSyntaxAreStrict(String name, String firstLine, String expected) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, firstLine + "\n{\"x\": [[3, 4]], \"y\": \"b\"}\n");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", f.toString(), "--model", dir.resolve("j.safetensors").toString()), f + expected);
    }

    @Test
    void predictInputAndPretrainedVectorsAreStrictToo() throws Exception {
        Path jm = dir.resolve("g.safetensors");
        assertEquals(0, Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("gestures.jsonl").toString(), "--model", jm.toString(), "--epochs", "1",
                "--hidden", "8", "--no-report").exit());
        refused(Cli.run(dir, "{\"x\": [[1, 2, 1e39]]}\n", "predict", "--model", jm.toString()), "<stdin>:1: \"x\" step 0 element 2 is 1.0E39");
        Path vectors = dir.resolve("vectors.txt");
        Files.writeString(vectors, "good 1e39 0 0 0 0 0 0 0\nbad 0 0 0 0 0 0 0 0\n");
        refused(Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", dir.resolve("p.safetensors").toString(),
                "--pretrained", vectors.toString(), "--embedding", "8"), vectors + ":1: expected a finite float32");
        Path csv = dir.resolve("extra.csv");
        Files.writeString(csv, "day,value\n0,1\n1,2,3\n2,3\n");
        refused(Cli.run(dir, null, "train", "--task", "regress", "--train", csv.toString(), "--model", dir.resolve("c.safetensors").toString(), "--column", "value"),
                csv + ":3: has 3 columns; the first row has 2");
    }

    /** A model file whose task disagrees with its model, or whose config claims what its tensors do not hold: refused, and inspect says so. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a duplicated label|\"labels\":[\"0\",\"1\"]|\"labels\":[\"0\",\"0\"]|appears twice",
            "a wrong label count|\"labels\":[\"0\",\"1\"]|\"labels\":[\"0\",\"1\",\"2\"]|is inconsistent: its task has 3 classes, its model 2",
            "a vocabulary of another size|\"<eos>\",|\"<eos>\",\"zzz\",|is inconsistent"})
    void inconsistentModelFilesAreRefused(String what, String from, String to, String expected) throws Exception {
        SafeTensors.Contents c = SafeTensors.read(model);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        String task = meta.get("task");
        assertTrue(task.contains(from), task);
        meta.put("task", task.replace(from, to));
        Path bad = dir.resolve("bad-" + what.replace(' ', '-') + ".safetensors");
        SafeTensors.write(bad, c.tensors(), meta);                               // a valid checksum: the disagreement is inside
        refused(Cli.run(dir, "movie was good\n", "predict", "--model", bad.toString()), "model file " + bad, expected);
        refused(Cli.run(dir, null, "inspect", bad.toString()), "model file " + bad, expected);
    }

    @Test
    void aConfigClaimingAHugeVocabularyIsRefusedAtOnceAndInspectFailsToo() throws Exception {
        SafeTensors.Contents c = SafeTensors.read(model);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("config", meta.get("config").replaceFirst("\"vocab\":\\d+", "\"vocab\":40000000"));
        Path bad = dir.resolve("claims.safetensors");
        SafeTensors.write(bad, c.tensors(), meta);
        refused(Cli.run(dir, "movie was good\n", "predict", "--model", bad.toString()), "parameters, but the file holds");
        refused(Cli.run(dir, null, "inspect", bad.toString()), "parameters, but the file holds");
        byte[] bytes = Files.readAllBytes(model);
        bytes[30] ^= 4;                                                           // one flipped header bit
        Path flipped = dir.resolve("flipped.safetensors");
        Files.write(flipped, bytes);
        assertEquals(2, Cli.run(dir, null, "inspect", flipped.toString()).exit());
    }
}
