package org.rnn4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: tensor ← nn ← train ← model ← task, and data (readers, vocabularies) ← task with
 * data depending on nothing else but parse (the number and JSON policy, which depends on nothing); embed (word2vec) uses only tensor, data and model's atomic file writes (docs/architecture.md says why train, which holds the losses and optimizers,
 * sits below model); the core never imports the CLI or the benchmarks.
 */
class ArchitectureTest {
    static final Map<String, List<String>> FORBIDDEN = Map.of(
            "tensor", List.of("org.rnn4j.nn", "org.rnn4j.train", "org.rnn4j.model", "org.rnn4j.cli", "org.rnn4j.bench"),
            "nn", List.of("org.rnn4j.train", "org.rnn4j.model", "org.rnn4j.cli", "org.rnn4j.bench"),
            "train", List.of("org.rnn4j.model", "org.rnn4j.cli", "org.rnn4j.bench"),
            "model", List.of("org.rnn4j.data", "org.rnn4j.task", "org.rnn4j.cli", "org.rnn4j.bench"),
            "data", List.of("org.rnn4j.tensor", "org.rnn4j.nn", "org.rnn4j.train", "org.rnn4j.model", "org.rnn4j.task", "org.rnn4j.cli", "org.rnn4j.bench"),
            "task", List.of("org.rnn4j.cli", "org.rnn4j.bench"),
            "parse", List.of("org.rnn4j.tensor", "org.rnn4j.nn", "org.rnn4j.train", "org.rnn4j.model", "org.rnn4j.data", "org.rnn4j.task", "org.rnn4j.embed",
                    "org.rnn4j.cli", "org.rnn4j.bench"),
            "embed", List.of("org.rnn4j.nn", "org.rnn4j.train", "org.rnn4j.task", "org.rnn4j.cli", "org.rnn4j.bench"));

    @Test
    void importsPointOneWay() throws IOException {
        Path root = Path.of("src/main/java/org/rnn4j");
        List<String> violations = new ArrayList<>();
        for (var e : FORBIDDEN.entrySet()) {
            try (Stream<Path> files = Files.walk(root.resolve(e.getKey()))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        for (String bad : e.getValue()) {
                            if (line.startsWith("import " + bad + ".") || line.startsWith("import static " + bad + ".")) violations.add(f + ": " + line);
                        }
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
