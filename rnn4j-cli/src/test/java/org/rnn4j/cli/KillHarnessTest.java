package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.model.Models;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Checkpoint;

/**
 * kill -9 at random moments of a training run, over and over: after every kill each file the run left loads (the
 * model, the checkpoint), and finishing the run (resuming its checkpoint, or starting again when it was killed
 * before the first one) ends with exactly the weights of an uninterrupted run, with no temporary file left.
 * CI runs {@value #CI_TRIALS} trials; {@code tools/kill-harness N} runs N (docs/reliability.md has the last result).
 */
@Tag("process")
@Tag("long")
class KillHarnessTest {
    static final int CI_TRIALS = 4;

    @TempDir Path dir;

    @Test
    void everyKillLeavesLoadableFilesAndAnExactResume() throws Exception {
        int trials = Integer.getInteger("rnn4j.kill.trials", CI_TRIALS);
        Path whole = dir.resolve("whole.safetensors");
        long started = System.nanoTime();
        Cli.Run reference = Cli.run(dir, null, ResumeTest.train(whole));
        assertEquals(0, reference.exit(), reference.toString());
        long runNanos = System.nanoTime() - started;
        Map<String, Tensor> expected = SafeTensors.read(whole).tensors();

        long seed = Long.getLong("rnn4j.kill.seed", System.nanoTime());
        System.out.println("KillHarnessTest: -Drnn4j.kill.seed=" + seed + " repeats these kill moments");
        SplittableRandom rng = new SplittableRandom(seed);
        int killed = 0, resumed = 0, restarted = 0;
        for (int t = 0; t < trials; t++) {
            Path model = dir.resolve("trial" + t + ".safetensors"), ckpt = Cli.checkpoint(model);
            Process p = Cli.builder(dir, ResumeTest.train(model)).redirectErrorStream(true).redirectOutput(dir.resolve("trial" + t + ".log").toFile()).start();
            Thread.sleep((long) (rng.nextDouble() * runNanos / 1e6));                // a random moment of the run, startup included
            new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            if (p.exitValue() == 137) killed++;
            if (Files.exists(model)) Models.load(model, new Compute(Compute.bestKernels(), 1));        // whatever survived loads
            boolean hasCheckpoint = Files.exists(ckpt);
            if (hasCheckpoint) Checkpoint.metadata(ckpt);
            Cli.Run finish = hasCheckpoint ? Cli.run(dir, null, "train", "--resume", ckpt.toString(), "--no-report") : Cli.run(dir, null, ResumeTest.train(model));
            assertEquals(0, finish.exit(), "trial " + t + ": " + finish);
            if (hasCheckpoint) resumed++;
            else restarted++;
            Map<String, Tensor> got = SafeTensors.read(model).tensors();
            for (String name : expected.keySet()) assertArrayEquals(expected.get(name).data(), got.get(name).data(), "trial " + t + ": " + name);
            try (Stream<Path> files = Files.list(dir)) {
                String prefix = "." + model.getFileName();
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".tmp")), "trial " + t + ": a temporary file is left");
            }
            assertFalse(Files.exists(Cli.run(model)), "trial " + t + ": the run folder of a run that ended well without a report is gone, temporary files and all");
        }
        System.out.printf("kill -9 harness: %d trials, %d killed mid-run, %d resumed from a checkpoint, %d restarted; every surviving file loaded; every result exact%n",
                trials, killed, resumed, restarted);
    }
}
