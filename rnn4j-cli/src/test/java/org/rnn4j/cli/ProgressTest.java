package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal, training shows a live bar of one width and leaves one line per finished epoch above it. Driven in a real
 * terminal, tmux, whose screen is read with capture-pane while the run goes on and after it ends.
 */
@Tag("process")
class ProgressTest {
    static final Pattern BAR = Pattern.compile("epoch \\d/3 \\[[#.]{30}\\] +\\d+%  ");
    static final Pattern SUMMARY = Pattern.compile("epoch (\\d)/3  train loss [0-9.]+  val_loss [0-9.]+  val_accuracy [0-9.]+.*lr .*");

    @TempDir Path dir;

    /** A tmux server of this run alone: two test runs on one machine never share or kill each other's. */
    static final String SERVER = "rnn4j-progress-test-" + ProcessHandle.current().pid();

    static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", SERVER));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void everyEpochLeavesALineAboveTheLiveBar() throws Exception {
        Path data = dir.resolve("reviews.tsv");
        String reviews = Files.readString(Cli.data("reviews.tsv"));
        Files.writeString(data, reviews.repeat(60));                          // about 9,800 reviews: a second or more per epoch
        String command = String.join(" ", Cli.builder(dir, "train", "--task", "classify", "--train", data.toString(), "--model", dir.resolve("m.safetensors").toString(),
                "--epochs", "3", "--hidden", "64", "--embedding", "16", "--batch", "8", "--threads", "1", "--no-report", "--patience", "0").command());
        Path done = dir.resolve("done");
        tmux("new-session", "-d", "-s", "train", "-x", "200", "-y", "40", "sh", "-c", command + " 2>/dev/null; touch " + done + "; sleep 60");
        try {
            boolean sawBar = false;
            java.util.Set<Integer> widths = new java.util.TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!Files.exists(done) && System.nanoTime() < deadline) {
                for (String line : tmux("capture-pane", "-p", "-t", "train").split("\n")) {
                    if (BAR.matcher(line).find() && line.contains(" left ")) {
                        sawBar = true;
                        widths.add(line.stripTrailing().length());
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(Files.exists(done), "training did not end");
            String screen = tmux("capture-pane", "-p", "-t", "train");
            assertTrue(sawBar, "no live progress bar was seen\n" + screen);
            assertEquals(1, widths.size(), "the bar changed width between updates: " + widths);
            List<String> epochs = screen.lines().map(SUMMARY::matcher).filter(java.util.regex.Matcher::matches).map(m -> m.group(1)).collect(Collectors.toList());
            assertEquals(List.of("1", "2", "3"), epochs, "one line per epoch, in order, kept on screen\n" + screen);
            assertTrue(!BAR.matcher(screen).find(), "a bar is left on screen after training\n" + screen);
            assertTrue(screen.contains("model: "), screen);
        } finally {
            tmux("kill-server");
        }
    }
}
