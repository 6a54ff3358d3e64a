package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers ({@code ./rnn4j}, {@code examples/run}) never run stale code: they rebuild when a source file,
 * resource or pom is newer than the jar, and only then. Run on a copy of the launchers in a scratch tree, with a
 * {@code mvn} that records its calls and writes a new jar, and a {@code java} that prints what it was asked to run.
 */
@Tag("process")
class LauncherTest {
    @TempDir Path root;

    Path jar, source, log;

    void setUp() throws IOException {
        for (String f : new String[] {"rnn4j", "tools/build-if-stale", "examples/run"}) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.copy(Cli.ROOT.resolve(f), root.resolve(f));
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        source = root.resolve("rnn4j-core/src/main/java/org/rnn4j/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Files.createDirectories(root.resolve("examples/java"));
        Files.writeString(root.resolve("examples/java/Hello.java"), "class Hello {}");
        jar = root.resolve("rnn4j-cli/target/rnn4j.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "old jar");
        log = root.resolve("mvn.log");
        Path bin = Files.createDirectories(root.resolve("bin"));
        script(bin.resolve("mvn"), "echo \"mvn $*\" >> '" + log + "'\nmkdir -p rnn4j-cli/target && echo 'new jar' > rnn4j-cli/target/rnn4j.jar\n");
        script(bin.resolve("java"), "for a in \"$@\"; do [ -f \"$a\" ] && [ \"${a##*.}\" = jar ] && echo \"jar says: $(cat \"$a\")\"; done; echo \"java $*\"\n");
        age(jar, 10);
        age(source, 20);
        age(root.resolve("pom.xml"), 20);
        age(root.resolve("examples/java/Hello.java"), 20);
    }

    static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sets a file's time {@code minutes} ago. */
    static void age(Path file, int minutes) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60L * minutes)));
    }

    String launch(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    long builds() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void rebuildsWhenASourceOrPomIsNewerThanTheJarAndOnlyThen() throws Exception {
        setUp();
        String out = launch("./rnn4j", "--version");
        assertEquals(0, builds(), out);
        assertTrue(out.contains("jar says: old jar") && out.contains("--version"), out);

        age(source, 1);                                        // a source file edited after the build
        out = launch("./rnn4j", "--version");
        assertEquals(1, builds(), out);
        assertTrue(out.contains("rnn4j-core/src/main/java/org/rnn4j/A.java changed") && out.contains("jar says: new jar"), out);

        out = launch("./rnn4j", "--version");
        assertEquals(1, builds(), "no second build for an unchanged tree: " + out);

        Files.writeString(root.resolve("pom.xml"), "<project><!-- a new dependency --></project>");
        out = launch("./rnn4j", "--version");
        assertEquals(2, builds(), out);

        Files.delete(jar);
        out = launch("./rnn4j", "--version");
        assertEquals(3, builds(), out);
        assertTrue(out.contains("first run"), out);
    }

    /**
     * bash starts a script's background jobs with SIGINT ignored, and a JVM that inherits that never sees Ctrl-C or
     * kill -INT, so train would neither checkpoint nor stop. The launcher gives java the default disposition.
     */
    @Test
    void aRunStartedInTheBackgroundOfAScriptStillHearsSigint() throws Exception {
        setUp();
        script(root.resolve("bin/java"), "grep '^SigIgn:' /proc/$$/status\n");
        // the script starts with the default disposition whatever this test inherited (a CI runner may ignore SIGINT itself)
        String ignored = launch("env", "--default-signal=INT", "bash", "-c", "grep '^SigIgn:' /proc/$$/status; sh -c \"grep '^SigIgn:' /proc/\\$\\$/status\" & wait; ./rnn4j train & wait");
        String[] lines = ignored.strip().split("\n");
        assertEquals(0, mask(lines[0]) & 2, "the script itself hears SIGINT: " + ignored);
        assertEquals(2, mask(lines[1]) & 2, "a background job of a script ignores SIGINT (what the launcher undoes): " + ignored);
        assertEquals(0, mask(lines[lines.length - 1]) & 2, "java started by the launcher in the background hears SIGINT: " + ignored);
    }

    private static long mask(String sigIgnLine) {
        return Long.parseLong(sigIgnLine.replace("SigIgn:", "").strip(), 16);
    }

    @Test
    void theExamplesLauncherRebuildsToo() throws Exception {
        setUp();
        age(source, 1);
        String out = launch("examples/run", "Hello");
        assertEquals(1, builds(), out);
        assertTrue(out.contains("jar says: new jar") && out.contains("Hello.java"), out);
        assertTrue(out.contains("java @" + root.toRealPath().resolve("jvm.options") + " "), "the examples run with the launcher's JVM options: " + out);
    }
}
