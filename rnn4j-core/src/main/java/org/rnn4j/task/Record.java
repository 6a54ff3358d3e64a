package org.rnn4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.data.DataException;
import org.rnn4j.data.JsonlReader;

/**
 * One record of a data file, whatever its format ({@link Source} reads them): where it is, its input, and its
 * target as the file gives it. A task reads the target in the form it needs (a class name, numbers, tags or a
 * text); a target that does not have that form is a {@link DataException} naming the file and line.
 */
public record Record(Path file, long line, Input input, Given target) {

    /** The target as the file holds it. */
    public sealed interface Given {
        /** A TSV column: a class name, a number or a target text. */
        record Field(String value) implements Given {}

        /** The "y" of a JSON line (null when absent). */
        record Json(JsonNode value) implements Given {}

        /** The tags of a CoNLL sentence. */
        record Tags(List<String> tags) implements Given {}

        /** The values after a window of a CSV series. */
        record Numbers(float[] values) implements Given {}

        /** No target: plain text, whose targets are its own next tokens. */
        record None() implements Given {}
    }

    /** The target as a class name. */
    public String label() {
        if (target instanceof Given.Field f) return f.value().strip();
        if (target instanceof Given.Json j) return json(j).label();
        throw error("expected a class label; " + has());
    }

    /** The target as one or more numbers. */
    public float[] numbers() {
        if (target instanceof Given.Numbers n) return n.values();
        if (target instanceof Given.Field f) {
            String v = f.value().strip();
            float number = org.rnn4j.parse.Numbers.parse(v);
            if (Float.isNaN(number)) throw error("expected a finite decimal float32 as the label of a regression example, found \"" + v + "\"");
            return new float[] {number};
        }
        if (target instanceof Given.Json j) return json(j).values();
        throw error("expected numbers as the target; " + has());
    }

    /** The target as one tag per input step. */
    public List<String> tags() {
        if (target instanceof Given.Tags t) return t.tags();
        if (target instanceof Given.Json j) return json(j).labels();
        throw error("expected one tag per token; " + has());
    }

    /** The target as a text (a translation, a caption). */
    public String text() {
        if (target instanceof Given.Field f) return f.value();
        if (target instanceof Given.Json j) return json(j).text();
        throw error("expected a target text; " + has());
    }

    public DataException error(String problem) {
        return new DataException(file, line, problem);
    }

    private JsonlReader.Example json(Given.Json j) {
        return new JsonlReader.Example(file, line, null, j.value());
    }

    private String has() {
        if (target instanceof Given.Tags) return "the record has tags";
        if (target instanceof Given.Numbers) return "the record has numbers";
        if (target instanceof Given.None) return "the record has no target";
        return "the record has another kind of target";
    }
}
