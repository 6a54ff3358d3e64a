package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code rnn4j evaluate} prints for a classifier: every class name in full, in the table and the confusion matrix, in aligned columns. */
@Tag("process")
class EvaluateOutputTest {
    @TempDir Path dir;

    @Test
    void longClassNamesArePrintedInFullAndAligned() throws Exception {
        String a = "1790-1860 founding era", b = "1861-1932 industrial era";
        Path data = dir.resolve("eras.tsv");
        Files.writeString(data, (a + "\tthe union of states and the congress\n" + b + "\tthe war and the railroads\n").repeat(20));
        Path model = dir.resolve("eras.safetensors");
        assertEquals(0, Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", model.toString(), "--epochs", "2", "--hidden", "8",
                "--embedding", "8", "--no-report").exit());
        Cli.Run r = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", data.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        int matrix = lines.indexOf("confusion matrix (rows: true, columns: predicted)");
        assertTrue(matrix > 0, r.out());
        String head = lines.get(matrix + 1), first = lines.get(matrix + 2), second = lines.get(matrix + 3);
        assertTrue(head.contains(a) && head.contains(b), "the column heads name the classes in full:\n" + r.out());
        assertTrue(first.startsWith(a) && second.startsWith(b), r.out());
        assertEquals(head.length(), first.length(), "aligned:\n" + r.out());
        assertEquals(head.length(), second.length(), "aligned:\n" + r.out());
        assertTrue(head.endsWith(b) && first.matches(".*\\s\\d+$"), "each count sits under its column's name:\n" + r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(a + " ") && l.trim().endsWith("20")), "the per-class table names the class in full:\n" + r.out());
    }
}
