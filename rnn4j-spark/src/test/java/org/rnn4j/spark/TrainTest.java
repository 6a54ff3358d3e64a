package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.Model;
import org.rnn4j.task.TaskModel;
import org.rnn4j.tensor.Compute;

/**
 * {@code spark-submit --class org.rnn4j.spark.Train} in local[2] mode: a run stopped after 13 steps and resumed with
 * {@code --resume} (its options and task from the checkpoint, {@code --max-steps} given anew) ends with the weights
 * of an uninterrupted run; a bad line and a wrong checkpoint are one-line errors with exit code 2.
 */
class TrainTest {
    static final Path DATA = Path.of("..", "examples", "data");
    static final String[] RUN = {"--task", "classify", "--train", DATA.resolve("reviews.tsv").toString(), "--hidden", "12", "--embedding", "8", "--batch", "16",
        "--lr", "0.02", "--epochs", "3", "--partitions", "2", "--min-count", "2", "--checkpoint-every", "4"};
    @TempDir Path dir;

    @BeforeAll
    static void localSpark() {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
    }

    @Test
    void aResumedRunEndsAsAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole.safetensors"), resumed = dir.resolve("resumed.safetensors"), checkpoint = dir.resolve("run.ckpt");
        assertEquals(0, run(RUN, "--model", whole.toString(), "--max-steps", "20").exit);
        assertEquals(0, run(RUN, "--model", dir.resolve("first.safetensors").toString(), "--max-steps", "13", "--checkpoint", checkpoint.toString()).exit);
        Result r = run(new String[] {"--resume", checkpoint.toString(), "--max-steps", "20", "--model", resumed.toString()});
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("resuming") && r.out.contains("step 13"), r.out);
        Model<Object, Object> a = TaskModel.load(whole, Compute.auto()).model(), b = TaskModel.load(resumed, Compute.auto()).model();
        SparkTrainerTest.sameWeights(b, a);
    }

    /** A tagger reads both ways unless told otherwise, as {@code rnn4j train} does: the default comes from one place. */
    @Test
    void aTaggerIsBidirectionalByDefaultAsOnTheCommandLine() throws Exception {
        Path tags = dir.resolve("tags.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40; i++) lines.append("{\"x\": [[0.1], [0.").append(i % 9).append("], [0.3]], \"y\": [\"a\", \"b\", \"a\"]}\n");
        Files.writeString(tags, lines);
        for (String flag : new String[] {null, "--no-bidirectional"}) {
            Path model = dir.resolve((flag == null ? "default" : "one-way") + ".safetensors");
            List<String> args = new ArrayList<>(List.of("--task", "tag", "--train", tags.toString(), "--model", model.toString(), "--hidden", "4", "--max-steps", "1",
                    "--partitions", "1"));
            if (flag != null) args.add(flag);
            Result r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit, r.err);
            var config = (org.rnn4j.model.ManyToMany.Config) TaskModel.load(model, Compute.auto()).model().config();
            assertEquals(flag == null, config.rnn().bidirectional(), flag == null ? "tag: both ways by default" : flag);
        }
    }

    @Test
    void errorsAreOneLineWithExitCodeTwo() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(DATA.resolve("reviews.tsv")));
        lines.set(5, "no tab here");
        Path bad = Files.write(dir.resolve("bad.tsv"), lines);
        Result r = run(new String[] {"--task", "classify", "--train", bad.toString(), "--model", dir.resolve("m.safetensors").toString(), "--partitions", "1"});
        assertEquals(2, r.exit, r.err);
        assertTrue(r.err.startsWith("rnn4j: line 6 of partition 0 of the training data: "), r.err);
        assertTrue(!Files.exists(dir.resolve("m.safetensors")));

        Path notACheckpoint = Files.write(dir.resolve("x.ckpt"), new byte[] {1, 2, 3});
        Result wrong = run(new String[] {"--resume", notACheckpoint.toString()});
        assertEquals(2, wrong.exit, wrong.err);
        assertTrue(wrong.err.startsWith("rnn4j: "), wrong.err);
        Result none = run(new String[] {"--task", "classify"});
        assertEquals(2, none.exit);
        assertTrue(none.err.contains("needs --task, --train and --model"), none.err);
        Result cell = run(new String[] {"--task", "classify", "--cell", "bogus"});
        assertEquals(2, cell.exit);
        assertEquals("rnn4j: Invalid value for option '--cell': expected one of rnn, rnn_relu, lstm, gru, mingru, minlstm but was 'bogus'; see --help", cell.err.strip(), "one line, no usage");
        Result decay = run(new String[] {"--task", "classify", "--train", "x.tsv", "--model", "m.safetensors", "--lr-decay", "NaN"});
        assertEquals(2, decay.exit);
        assertTrue(decay.err.contains("rnn4j: --lr-decay must be a number > 0 and ≤ 1, got NaN"), decay.err);
    }

    record Result(int exit, String out, String err) {}

    private static Result run(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        int exit;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = Train.command().setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        return new Result(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
    }
}
