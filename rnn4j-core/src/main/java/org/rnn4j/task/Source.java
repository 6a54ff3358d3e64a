package org.rnn4j.task;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.rnn4j.data.ConllReader;
import org.rnn4j.data.CsvSeries;
import org.rnn4j.data.DataException;
import org.rnn4j.data.JsonlReader;
import org.rnn4j.data.LineReader;
import org.rnn4j.data.TsvReader;

/**
 * The one place that knows the file formats: a data file becomes {@link Record}s, and a line given to
 * {@code predict} becomes an {@link Input}, whatever the format, so a task never asks which format it reads.
 * Saved with the task in the model file, so new files are read as the training file was.
 *
 * @param format  the file's format
 * @param tsv     which TSV columns are the input: the second ({@code label<TAB>text}), the first ({@code source<TAB>target}),
 *                or the first two ({@code story<TAB>question<TAB>answer})
 * @param column  a CSV series' column (header name or 0-based index)
 * @param window  a CSV series' values in
 * @param horizon a CSV series' values out
 */
public record Source(Format format, Tsv tsv, String column, int window, int horizon) implements java.io.Serializable {

    /** The layouts of a TSV line (IMAGE_CAPTION is SOURCE_TARGET, named as a captioner's errors name it). */
    public enum Tsv { LABEL_TEXT, SOURCE_TARGET, IMAGE_CAPTION, STORY_QUESTION_ANSWER }

    /**
     * The source of a training file for a task that reads {@code formats}, as {@code o} describes it.
     *
     * @param task    the task's name and what its files hold, for the error on another format
     * @param formats the formats the task reads
     */
    static Source of(DataOptions o, Tsv tsv, String task, Format... formats) {
        if (!Arrays.asList(formats).contains(o.format())) throw new IllegalArgumentException(task + ", not " + o.format());
        if (o.format() == Format.CSV) {
            if (o.column() == null) throw new IllegalArgumentException("a CSV time series needs --column (a header name or a 0-based index)");
            if (o.window() < 1 || o.horizon() < 1) throw new IllegalArgumentException("a CSV time series needs --window ≥ 1 and --horizon ≥ 1");
            return new Source(Format.CSV, null, o.column(), o.window(), o.horizon());
        }
        return new Source(o.format(), o.format() == Format.TSV ? tsv : null, null, 0, 0);
    }

    /** The records of {@code file}, streaming, in file order. */
    public Stream<Record> read(Path file) {
        return switch (format) {
            case TSV -> switch (tsv) {
                case LABEL_TEXT -> TsvReader.labeled(file).map(e -> new Record(file, e.line(), new Input.Text(e.text()), new Record.Given.Field(e.label())));
                case SOURCE_TARGET -> TsvReader.pairs(file, "source", "target").map(p -> new Record(file, p.line(), new Input.Text(p.source()), new Record.Given.Field(p.target())));
                case IMAGE_CAPTION -> TsvReader.pairs(file, "image-path", "caption").map(p -> new Record(file, p.line(), new Input.Text(p.source()), new Record.Given.Field(p.target())));
                case STORY_QUESTION_ANSWER -> TsvReader.questions(file)
                        .map(q -> new Record(file, q.line(), new Input.Question(q.story(), q.question()), new Record.Given.Field(q.answer())));
            };
            case JSONL -> JsonlReader.examples(file).map(e -> new Record(file, e.line(), vectors(e), new Record.Given.Json(e.y())));
            case CONLL -> ConllReader.sentences(file).map(s -> new Record(file, s.line(), new Input.Tokens(s.tokens()), new Record.Given.Tags(s.tags())));
            case TXT -> text(file);
            case CSV -> series(file);
        };
    }

    /** Reads every record of {@code file} once, in order, and closes it. */
    public void forEach(Path file, Consumer<Record> each) {
        try (Stream<Record> s = read(file)) {
            s.forEach(each);
        }
    }

    /**
     * A line given to {@code predict} or {@code generate} as an input: text (a TSV line's input column, or the
     * whole line), a JSON object's "x", or the last {@code window} values of a series, comma-separated.
     *
     * @param file and @param number where the line is, for errors
     */
    public Input input(String line, Path file, long number) {
        return switch (format) {
            case JSONL -> vectors(JsonlReader.parse(line, file, number));
            case CSV -> new Input.Vectors(lastValues(line, file, number));
            case TSV -> tsv == Tsv.STORY_QUESTION_ANSWER ? question(line, file, number) : new Input.Text(text(line, file, number));
            case TXT, CONLL -> new Input.Text(text(line, file, number));
        };
    }

    /** The input text of a line of a text format: a TSV line's input column (a line without a tab is all input), or the whole line. */
    public String text(String line, Path file, long number) {
        String text = format != Format.TSV ? line
                : tsv == Tsv.LABEL_TEXT ? line.substring(line.lastIndexOf('\t') + 1)
                : line.contains("\t") ? line.substring(0, line.indexOf('\t')) : line;
        if (text.isBlank()) throw new DataException(file, number, "expected an input, found an empty one");
        return text;
    }

    /** {@code story<TAB>question}, or a whole data line with its answer after a second tab (ignored). */
    private static Input.Question question(String line, Path file, long number) {
        String[] parts = line.split("\t", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new DataException(file, number, "expected story<TAB>question, found " + (parts.length - 1) + " tabs" + (parts.length >= 2 ? " or an empty part" : ""));
        }
        return new Input.Question(parts[0], parts[1]);
    }

    /** "x" as numbers per step: an array of arrays is a sequence, an array of numbers one step. */
    private static Input vectors(JsonlReader.Example e) {
        boolean sequence = e.x() != null && e.x().isArray() && !e.x().isEmpty() && e.x().get(0).isArray();
        return sequence ? new Input.Vectors(e.sequence()) : new Input.Vector(e.vector());
    }

    private static Stream<Record> text(Path file) {
        long[] any = {0};
        return LineReader.lines(file).filter(l -> !l.text().isBlank()).peek(l -> any[0]++)
                .map(l -> new Record(file, l.number(), new Input.Text(l.text()), new Record.Given.None()))
                .onClose(() -> {
                    if (any[0] == 0) throw new DataException(file, 1, "the file has no text; expected one sequence per line");
                });
    }

    private Stream<Record> series(Path file) {
        CsvSeries.Series s = CsvSeries.read(file, column);
        int n = s.windows(window, horizon);
        if (n == 0) throw new DataException(file, 1, "has " + s.values().length + " values in column " + column + "; expected at least window + horizon = " + (window + horizon));
        return IntStream.range(0, n).mapToObj(i -> {
            CsvSeries.Window w = s.window(i, window, horizon);
            return new Record(file, w.line(), new Input.Vectors(w.x()), new Record.Given.Numbers(w.y()));
        });
    }

    private float[][] lastValues(String line, Path file, long number) {
        List<String> parts = line.isBlank() ? List.of() : List.of(line.strip().split("[,\\s]+"));
        if (parts.size() < window) throw new DataException(file, number, "expected the last " + window + " values of the series, comma-separated, found " + parts.size());
        float[][] w = new float[window][1];
        for (int t = 0; t < window; t++) {
            String v = parts.get(parts.size() - window + t);
            try {
                w[t][0] = org.rnn4j.parse.Numbers.float32(v);
            } catch (NumberFormatException e) {
                throw new DataException(file, number, "value " + (parts.size() - window + t + 1) + ": " + e.getMessage());
            }
        }
        return w;
    }

}
