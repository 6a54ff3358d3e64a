package org.rnn4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way, in every module: each package may use only the packages listed for it (an import or a
 * fully-qualified name in code; comments and strings do not count), and every package says what it holds in its
 * package-info. No main file is over 400 lines and no package over 15% of the main code. The layers, bottom up:
 * parse; data; tensor; nn; vision; optim; io; train; model; embed; task; then bench, onnx, serve, spark and cli, which nothing in
 * the core uses. docs/architecture.md draws the same picture.
 */
class ArchitectureTest {
    static final List<String> CORE = List.of("parse", "data", "tensor", "nn", "vision", "optim", "io", "train", "model", "embed", "task");

    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("parse", Set.of()),
            Map.entry("data", Set.of("parse")),
            Map.entry("tensor", Set.of()),
            Map.entry("nn", Set.of("tensor")),
            Map.entry("vision", Set.of("tensor", "nn")),
            Map.entry("optim", Set.of("tensor", "nn")),
            Map.entry("io", Set.of("parse", "tensor")),
            Map.entry("train", Set.of("parse", "data", "tensor", "nn", "optim", "io")),
            Map.entry("model", Set.of("parse", "data", "tensor", "nn", "vision", "optim", "io", "train")),
            Map.entry("embed", Set.of("parse", "data", "tensor", "io")),
            Map.entry("task", Set.of("parse", "data", "tensor", "nn", "vision", "optim", "io", "train", "model", "embed")),
            Map.entry("bench", union(CORE, "onnx")),
            Map.entry("options", Set.copyOf(CORE)),
            Map.entry("onnx", Set.copyOf(CORE)),
            Map.entry("serve", Set.copyOf(CORE)),
            Map.entry("spark", union(CORE, "options")),
            Map.entry("cli", union(CORE, "bench", "options", "serve", "onnx")));

    static final Pattern USE = Pattern.compile("\\borg\\.rnn4j\\.(\\w+)\\.");

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Path dir : packages()) {
            String pkg = dir.getFileName().toString();
            seen.add(pkg);
            Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null) {
                violations.add(dir + ": a package ArchitectureTest does not know; give it its place in ALLOWED");
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = USE.matcher(code(Files.readString(f)));
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !allowed.contains(used)) violations.add(f + ": uses org.rnn4j." + used);
                    }
                }
            }
        }
        assertEquals(ALLOWED.keySet(), seen, "the packages of the modules");
        assertTrue(violations.isEmpty(), String.join("\n", new TreeSet<>(violations)));
    }

    @Test
    void everyPackageSaysWhatItHolds() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path dir : packages()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info) || !Files.readString(info).contains("/**")) missing.add(dir.toString());
        }
        assertTrue(missing.isEmpty(), "packages without a package-info that says what they hold:\n" + String.join("\n", missing));
    }

    /** Small files with one job, and no package that holds a large share of the code. */
    @Test
    void noFileOver400LinesAndNoPackageOverAShareOf15Percent() throws IOException {
        Map<String, Integer> lines = new java.util.TreeMap<>();
        List<String> longFiles = new ArrayList<>();
        int total = 0;
        for (Path dir : packages()) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    int n = Files.readAllLines(f).size();
                    if (n > 400) longFiles.add(f + ": " + n + " lines");
                    lines.merge(dir.getFileName().toString(), n, Integer::sum);
                    total += n;
                }
            }
        }
        int all = total;
        List<String> large = lines.entrySet().stream().filter(e -> e.getValue() > 0.15 * all)
                .map(e -> e.getKey() + ": " + e.getValue() + " of " + all + " lines").toList();
        assertTrue(longFiles.isEmpty(), "files over 400 lines:\n" + String.join("\n", longFiles));
        assertTrue(large.isEmpty(), "packages over 15% of the main code:\n" + String.join("\n", large));
    }

    @Test
    void aCommentOrAStringIsNotAUse() {
        Matcher m = USE.matcher(code("/** see org.rnn4j.cli.Main */ String s = \"org.rnn4j.serve.X\"; // org.rnn4j.bench.Y\nvar t = org.rnn4j.task.Tasks.x;"));
        List<String> found = new ArrayList<>();
        while (m.find()) found.add(m.group(1));
        assertEquals(List.of("task"), found);
    }

    /** The main source packages of every module: rnn4j-core's and its siblings'. */
    static List<Path> packages() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("rnn4j-")).sorted().toList()) {
                Path root = module.resolve("src/main/java/org/rnn4j");
                if (!Files.isDirectory(root)) continue;
                try (Stream<Path> dirs = Files.list(root)) {
                    out.addAll(dirs.filter(Files::isDirectory).sorted().toList());
                }
            }
        }
        return out;
    }

    /** Source without its comments and string literals. */
    static String code(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ").replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static Set<String> union(List<String> a, String... b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
