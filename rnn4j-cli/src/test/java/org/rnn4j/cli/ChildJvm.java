package org.rnn4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The JVM every command-line test starts {@code rnn4j} in: the launcher's jvm.options, and the test class path
 * without the test classes, its folders packed into one jar, so that the child JVMs can share one class-data
 * archive (AppCDS maps classes from jars only). The archive is dumped once per test JVM by a small training, the
 * command that loads the most classes; it saves each child about 0.4 s of class loading (JSON binding, picocli,
 * the model classes) and changes nothing the child computes. If the dump fails, the children run without it.
 */
final class ChildJvm {
    private static List<String> prefix;

    private ChildJvm() {}

    /** {@code java [options] -cp CLASSES org.rnn4j.cli.Main}: the command without rnn4j's arguments. */
    static synchronized List<String> command() {
        if (prefix == null) prefix = make();
        return prefix;
    }

    private static List<String> make() {
        try {
            Path dir = Files.createTempDirectory("rnn4j-child-jvm");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            List<String> classPath = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (p.getFileName().toString().equals("test-classes")) continue;
                classPath.add(Files.isDirectory(p) ? jar(p, dir.resolve("classes-" + classPath.size() + ".jar")).toString() : entry);
            }
            List<String> base = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "@" + Cli.ROOT.resolve("jvm.options"), "-Xmx1g");
            List<String> main = List.of("-cp", String.join(java.io.File.pathSeparator, classPath), "org.rnn4j.cli.Main");
            Path archive = dir.resolve("rnn4j.jsa");
            dump(base, main, archive, dir);
            List<String> out = new ArrayList<>(base);
            if (Files.isRegularFile(archive)) out.add("-XX:SharedArchiveFile=" + archive);
            out.addAll(main);
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packs the folders and files under {@code folder} into the jar {@code to}, as Maven's jar has them (a folder is a resource too: the server's static files are found by theirs). */
    private static Path jar(Path folder, Path to) throws IOException {
        try (OutputStream file = Files.newOutputStream(to); JarOutputStream jar = new JarOutputStream(file); Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(f -> !f.equals(folder)).sorted()::iterator) {
                String name = folder.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                boolean isFolder = Files.isDirectory(f);
                jar.putNextEntry(new JarEntry(isFolder ? name + "/" : name));
                if (!isFolder) Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return to;
    }

    /** Removes the jar and the archive when the test JVM ends (a child still running keeps its open files). */
    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
        } catch (IOException | UncheckedIOException e) {
            // left in the temporary folder
        }
    }

    /** Trains a one-epoch classifier on the bundled reviews in a JVM that writes the classes it loaded to {@code archive} at exit. */
    private static void dump(List<String> base, List<String> main, Path archive, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        cmd.addAll(main);
        cmd.addAll(Cli.smallClassifierArgs(dir.resolve("dump.safetensors")));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("dump.log").toFile()).start();
        try {
            if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return;
            p.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(archive);                                   // a failed dump: no archive rather than a partial one
    }
}
