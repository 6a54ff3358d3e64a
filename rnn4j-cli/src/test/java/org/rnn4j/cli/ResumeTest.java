package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Checkpoint;

/**
 * A training process killed with {@code kill -9} at a random moment, then resumed from its checkpoint, ends with
 * exactly the weights of a run that was never interrupted; the checkpoint it left is whole (it loads, its
 * checksum holds).
 */
@Tag("process")
class ResumeTest {
    @TempDir Path dir;

    static String[] train(Path model, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--task", "lm", "--train", Cli.data("sentences.txt").toString(), "--model", model.toString(),
                "--epochs", "5", "--hidden", "96", "--embedding", "24", "--layers", "2", "--dropout", "0.2", "--lr", "0.01", "--patience", "0",
                "--checkpoint-every", "3", "--seed", "5", "--no-report"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void killedAndResumedEqualsUninterrupted() throws Exception {
        Path whole = dir.resolve("whole.safetensors");
        Cli.Run r = Cli.run(dir, null, train(whole, "--keep-checkpoint"));
        assertEquals(0, r.exit(), r.toString());

        long seed = Long.getLong("rnn4j.resume.seed", System.nanoTime());
        System.out.println("ResumeTest: -Drnn4j.resume.seed=" + seed + " repeats these kill moments");
        SplittableRandom rng = new SplittableRandom(seed);
        Path killed = null;
        JsonNode stateAtKill = null;
        for (int attempt = 0; attempt < 5 && stateAtKill == null; attempt++) {
            Path model = dir.resolve("killed" + attempt + ".safetensors"), ckpt = Cli.checkpoint(model);
            Process p = Cli.builder(dir, train(model)).redirectErrorStream(true).redirectOutput(dir.resolve("log" + attempt).toFile()).start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(ckpt) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
            Thread.sleep(rng.nextInt(0, 600));                                     // a random step
            new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (p.exitValue() != 137) continue;                                   // it finished first: try again, sooner
            Map<String, String> meta = Checkpoint.metadata(ckpt);                 // whole: it reads and its checksum holds
            JsonNode state = new ObjectMapper().readTree(meta.get("state"));
            if (state.get("epoch").asInt() > 5) continue;
            killed = model;
            stateAtKill = state;
        }
        assertTrue(stateAtKill != null, "the training process was never killed mid-run");
        System.out.println("killed at epoch " + stateAtKill.get("epoch") + ", batch " + stateAtKill.get("batch") + ", step " + stateAtKill.get("step"));

        Cli.Run resumed = Cli.run(dir, null, "train", "--resume", Cli.checkpoint(killed).toString(), "--no-report", "--keep-checkpoint");
        assertEquals(0, resumed.exit(), resumed.toString());
        assertTrue(resumed.out().contains("resuming"), resumed.out());

        Map<String, Tensor> a = SafeTensors.read(whole).tensors(), b = SafeTensors.read(killed).tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        Map<String, Tensor> ca = SafeTensors.read(Cli.checkpoint(whole)).tensors(), cb = SafeTensors.read(Cli.checkpoint(killed)).tensors();
        for (String name : ca.keySet()) assertArrayEquals(ca.get(name).data(), cb.get(name).data(), "checkpoint " + name);
    }

    /**
     * Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as every process started in the
     * background by a non-interactive shell does (`nohup ... &`). Children inherit that, so a training process could
     * never see a Ctrl-C, and the JVM installs no handler for a signal ignored at its start.
     */
    static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return false;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
        }
        return false;
    }

    @Test
    void ctrlCSavesACheckpointAndExitsCleanly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process (started in the background), so no child can receive a Ctrl-C");
        Path model = dir.resolve("interrupted.safetensors"), ckpt = Cli.checkpoint(model), log = dir.resolve("interrupted.log");
        String[] args = train(model);
        args[java.util.Arrays.asList(args).indexOf("--epochs") + 1] = "200";
        Process p = Cli.builder(dir, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(ckpt) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        Thread.sleep(300);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after Ctrl-C");
        String out = Files.readString(log);
        assertEquals(130, p.exitValue(), out);
        assertTrue(out.contains("interrupted: checkpoint saved to " + ckpt) && !out.contains("Exception"), out);
        JsonNode state = new ObjectMapper().readTree(Checkpoint.metadata(ckpt).get("state"));
        assertTrue(state.get("step").asInt() > 0 && state.get("epoch").asInt() <= 200, state.toString());
    }

    @Test
    void aDivergingLossStopsWithAMessageAndKeepsTheLastCheckpoint() throws Exception {
        Path model = dir.resolve("diverged.safetensors"), ckpt = Cli.checkpoint(model);
        Cli.Run r = Cli.run(dir, null, "train", "--task", "regress", "--train", Cli.data("ratings.tsv").toString(), "--model", model.toString(),
                "--optimizer", "SGD", "--lr", "1e6", "--clip", "0", "--checkpoint-every", "1", "--epochs", "3", "--no-report");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().matches("(?s)rnn4j: the (training loss|weights of .*) became .* the last checkpoint is kept.*") && !r.err().contains("Exception"), r.err());
        JsonNode state = new ObjectMapper().readTree(Checkpoint.metadata(ckpt).get("state"));
        int failedAt = Integer.parseInt(r.err().replaceAll("(?s).*step (\\d+).*", "$1"));
        assertTrue(state.get("step").asInt() < failedAt, "the checkpoint is from before step " + failedAt + ": " + state);
        for (var e : SafeTensors.read(ckpt).tensors().entrySet()) {
            for (float v : e.getValue().data()) assertTrue(Float.isFinite(v), e.getKey() + " holds " + v);
        }
    }
}
