package org.rnn4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command line as a separate process (a fresh JVM on the test classpath), as a user would. */
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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.rnn4j.cli.Main"));
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
        return new Run(p.exitValue(), o, e.lines().filter(l -> !l.contains("incubator")).reduce("", (a, b) -> a + b + "\n"));
    }

    static Path data(String name) {
        return ROOT.resolve("examples/data").resolve(name);
    }
}
