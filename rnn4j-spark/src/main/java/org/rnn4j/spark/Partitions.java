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
import java.util.function.Function;
import java.util.stream.Stream;
import org.rnn4j.data.DataException;
import org.rnn4j.task.Format;
import org.rnn4j.task.Preparation;
import org.rnn4j.task.Source;
import org.rnn4j.task.Task;
import org.rnn4j.train.Example;

/**
 * A partition's lines read by the same readers as {@code rnn4j train} (through a private temporary file in the
 * task's format), so a cluster reads each line exactly as one machine does: as training examples, or added to a
 * task's {@link Preparation}. Formats whose records are single lines only: TSV, plain text and JSON Lines. A line
 * that cannot be read is reported by its partition and its line in that partition.
 */
final class Partitions {
    private Partitions() {}

    static <X, Y> List<Example<X, Y>> examples(Task<X, Y, ?> task, int partition, Iterator<String> lines) {
        return read(task.source(), partition, lines, file -> {
            try (Stream<Example<X, Y>> s = task.read(file)) {
                return s.toList();
            }
        }, List.of());
    }

    /** {@code prep} with the partition's records added. */
    static Preparation prepare(Preparation prep, int partition, Iterator<String> lines) {
        return read(prep.source(), partition, lines, file -> {
            prep.source().forEach(file, prep::add);
            return prep;
        }, prep);
    }

    /** @param empty what a partition without lines gives */
    private static <T> T read(Source source, int partition, Iterator<String> lines, Function<Path, T> reader, T empty) {
        Format format = source.format();
        if (format != Format.TSV && format != Format.TXT && format != Format.JSONL) {
            throw new IllegalArgumentException("rnn4j on Spark reads one record per line (TSV, text, JSON Lines); this task reads " + format);
        }
        List<String> all = new ArrayList<>();
        lines.forEachRemaining(all::add);
        if (all.isEmpty()) return empty;
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-partition-", "." + format.name().toLowerCase(Locale.ROOT));
            Files.write(tmp, all, StandardCharsets.UTF_8);
            return reader.apply(tmp);
        } catch (DataException e) {
            throw new IllegalArgumentException("line " + e.line() + " of partition " + partition + " of the training data: " + e.problem());   // no cause: it names a temporary file
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) tmp.toFile().delete();
        }
    }
}
