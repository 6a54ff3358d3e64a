package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rnn4j.model.Example;
import org.rnn4j.task.Format;
import org.rnn4j.task.Task;

/**
 * A partition's lines as the task's training examples, read by the same readers as {@code rnn4j train} (through a
 * private temporary file in the task's format), so a cluster reads each line exactly as one machine does. Formats
 * whose records are single lines only: TSV, plain text and JSON Lines.
 */
final class Partitions {
    private Partitions() {}

    static <X, Y> List<Example<X, Y>> examples(Task<X, Y, ?> task, Iterator<String> lines) {
        Format format = task.source().format();
        if (format != Format.TSV && format != Format.TXT && format != Format.JSONL) {
            throw new IllegalArgumentException("training on Spark reads one record per line (TSV, text, JSON Lines); this task reads " + format);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-partition-", "." + format.name().toLowerCase(Locale.ROOT));
            List<String> all = new ArrayList<>();
            lines.forEachRemaining(all::add);
            Files.write(tmp, all, StandardCharsets.UTF_8);
            if (all.isEmpty()) return List.of();
            try (Stream<Example<X, Y>> s = task.read(tmp)) {
                return s.toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) tmp.toFile().delete();
        }
    }
}
