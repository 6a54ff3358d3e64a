package org.rnn4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command line as a separate process (a fresh JVM on the module's classes, with the launcher's jvm.options: {@link ChildJvm}), as a user would. */
final class Cli {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static ProcessBuilder builder(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>(ChildJvm.command());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile());
    }

    static Run run(Path workDir, String stdin, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rnn4j-out", ".txt"), err = Files.createTempFile("rnn4j-err", ".txt");
        ProcessBuilder pb = builder(workDir, args).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("rnn4j " + String.join(" ", args) + " did not finish in 300 s");
        }
        String o = Files.readString(out), e = Files.readString(err);
        Files.delete(out);
        Files.delete(err);
        if (!List.of(args).contains("--verbose")) requireNoStackTrace(e, args);
        return new Run(p.exitValue(), o, e.lines().filter(l -> !l.contains("incubator")).reduce("", (a, b) -> a + b + "\n"));
    }

    /** Every run of every command-line test: whatever went wrong, stderr holds no Java stack trace. */
    static void requireNoStackTrace(String stderr, String... args) {
        if (stderr.contains("\tat ") || stderr.contains("Exception in thread") || stderr.contains("Caused by: ")) {
            throw new AssertionError("rnn4j " + String.join(" ", args) + " printed a stack trace:\n" + stderr);
        }
    }

    /** A running {@code rnn4j serve}: its process, its address, and every line it has logged so far. */
    record Server(Process process, String base, int port, List<String> log) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code rnn4j serve --models models --port 0} and waits until it says where it listens. */
    static Server serve(Path workDir, Path models) throws IOException {
        Process p = builder(workDir, "serve", "--models", models.toString(), "--port", "0").redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))/");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            log.add(line);
            java.util.regex.Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(log::add));
                drain.setDaemon(true);
                drain.start();
                return new Server(p, m.group(1), Integer.parseInt(m.group(2)), log);
            }
        }
        throw new AssertionError("rnn4j serve did not start:\n" + String.join("\n", log));
    }

    /** A small classifier on the bundled reviews, trained in a second: the model the refusal tests feed bad input to. */
    static Path smallClassifier(Path dir) throws IOException, InterruptedException {
        Path model = dir.resolve("reviews.safetensors");
        Run r = run(dir, null, smallClassifierArgs(model).toArray(String[]::new));
        if (r.exit() != 0) throw new AssertionError(r.toString());
        return model;
    }

    /** The command line that trains {@link #smallClassifier} into {@code model}. */
    static List<String> smallClassifierArgs(Path model) {
        return List.of("train", "--task", "classify", "--train", data("reviews.tsv").toString(), "--model", model.toString(),
                "--epochs", "1", "--hidden", "8", "--embedding", "4", "--no-report");
    }

    /** A refusal as the command line promises it: exit 2, one line on stderr (no stack trace), saying each of {@code expected}. */
    static void refused(Run r, String... expected) {
        if (r.exit() != 2) throw new AssertionError("expected exit 2:\n" + r);
        if (r.err().strip().lines().count() != 1) throw new AssertionError("expected one line:\n" + r.err());
        for (String e : expected) if (!r.err().contains(e)) throw new AssertionError("expected it to say \"" + e + "\":\n" + r);
    }

    /** The checkpoint of the run writing {@code model}: {@code NAME.run/checkpoint.safetensors} beside {@code NAME.safetensors}. */
    static Path checkpoint(Path model) {
        return run(model).resolve("checkpoint.safetensors");
    }

    /** The run folder of {@code model}: {@code NAME.run} beside {@code NAME.safetensors}. */
    static Path run(Path model) {
        String name = model.getFileName().toString();
        return model.resolveSibling(name.substring(0, name.length() - ".safetensors".length()) + ".run");
    }

    /** The names of the files and folders in {@code dir}, sorted. */
    static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Path data(String name) {
        return ROOT.resolve("examples/data").resolve(name);
    }
}
