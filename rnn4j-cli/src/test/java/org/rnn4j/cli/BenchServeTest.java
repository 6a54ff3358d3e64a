package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j bench serve}: loads only the endpoints asked for, against the server it starts, and refuses what it cannot load. */
@Tag("process")
class BenchServeTest {
    @TempDir Path dir;

    @Test
    void loadsOnlyTheEndpointsAskedFor() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Cli.smallClassifier(models);                                   // a classifier and no language model
        Path texts = Files.write(dir.resolve("texts.txt"), List.of("a fine film", "dull and long", "I loved it"));
        Cli.Run r = Cli.run(dir, null, "bench", "serve", "--servers", "alone", "--models", models.toString(), "--texts", texts.toString(),
                "--endpoints", "predict", "--clients", "2", "--seconds", "1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("predict on reviews;"), r.out());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s*1 alone\\s+predict\\s+2\\s+\\d+.*")).toList();
        assertEquals(1, rows.size(), r.out());
        assertTrue(Long.parseLong(rows.get(0).trim().split("\\s+")[4]) > 0, "requests were answered: " + r.out());
        assertEquals("0", rows.get(0).trim().split("\\s+")[6], "no errors: " + r.out());

        Cli.refused(Cli.run(dir, null, "bench", "serve", "--servers", "alone", "--models", models.toString(), "--texts", texts.toString(), "--seconds", "1"),
                "no complete model is served", "--complete");
        Cli.refused(Cli.run(dir, null, "bench", "serve", "--models", models.toString(), "--texts", texts.toString(), "--endpoints", "predict,foo"),
                "--endpoints foo");
        Cli.refused(Cli.run(dir, null, "bench", "serve", "--servers", "none", "--texts", texts.toString()), "--server-url");
    }
}
