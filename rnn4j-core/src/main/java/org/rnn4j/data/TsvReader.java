package org.rnn4j.data;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tab-separated text, one example per line, streaming; blank lines are skipped.
 * <ul>
 *   <li>{@link #labeled}: {@code label<TAB>text} (classification: a class name; regression: a number).</li>
 *   <li>{@link #pairs}: {@code source<TAB>target} (translation and other sequence-to-sequence tasks).</li>
 *   <li>{@link #questions}: {@code story<TAB>question<TAB>answer} (question answering).</li>
 * </ul>
 */
public final class TsvReader {
    private TsvReader() {}

    /** A {@code label<TAB>text} line. */
    public record Labeled(long line, String label, String text) {}

    /** A {@code source<TAB>target} line. */
    public record Pair(long line, String source, String target) {}

    /** A {@code story<TAB>question<TAB>answer} line. */
    public record Question(long line, String story, String question, String answer) {}

    public static Stream<Labeled> labeled(Path file) {
        return Records.of(file, l -> {
            if (l.text().isBlank()) return null;
            int tab = l.text().indexOf('\t');
            if (tab < 0) throw new DataException(file, l.number(), "expected label<TAB>text, found no tab");
            String label = l.text().substring(0, tab).strip(), text = l.text().substring(tab + 1);
            if (label.isEmpty()) throw new DataException(file, l.number(), "expected label<TAB>text, the label is empty");
            if (text.isBlank()) throw new DataException(file, l.number(), "expected label<TAB>text, the text is empty");
            if (text.indexOf('\t') >= 0) {
                throw new DataException(file, l.number(), "expected label<TAB>text, found " + (text.chars().filter(c -> c == '\t').count() + 1)
                        + " tabs (a tab inside the text? write it as a space)");
            }
            return new Labeled(l.number(), label, text);
        }, "lines of label<TAB>text");
    }

    public static Stream<Pair> pairs(Path file) {
        return pairs(file, "source", "target");
    }

    /** {@code source<TAB>target} lines whose columns errors call {@code first} and {@code second} (image-path and caption). */
    public static Stream<Pair> pairs(Path file, String first, String second) {
        String layout = first + "<TAB>" + second;
        return Records.of(file, l -> {
            if (l.text().isBlank()) return null;
            String[] parts = l.text().split("\t", -1);
            if (parts.length != 2) throw new DataException(file, l.number(), "expected " + layout + ", found " + (parts.length - 1) + " tabs");
            if (parts[0].isBlank()) throw new DataException(file, l.number(), "expected " + layout + ", the " + first + " is empty");
            if (parts[1].isBlank()) throw new DataException(file, l.number(), "expected " + layout + ", the " + second + " is empty");
            return new Pair(l.number(), parts[0], parts[1]);
        }, "lines of " + layout);
    }

    public static Stream<Question> questions(Path file) {
        return Records.of(file, l -> {
            if (l.text().isBlank()) return null;
            String[] parts = l.text().split("\t", -1);
            if (parts.length != 3) throw new DataException(file, l.number(), "expected story<TAB>question<TAB>answer, found " + (parts.length - 1) + " tabs");
            String[] names = {"story", "question", "answer"};
            for (int i = 0; i < 3; i++) if (parts[i].isBlank()) throw new DataException(file, l.number(), "expected story<TAB>question<TAB>answer, the " + names[i] + " is empty");
            return new Question(l.number(), parts[0], parts[1], parts[2]);
        }, "lines of story<TAB>question<TAB>answer");
    }

    /** {@code label} as a number, or a {@link DataException} at the example's line. */
    public static float number(Path file, Labeled e) {
        float v = org.rnn4j.parse.Numbers.parse(e.label());
        if (Float.isNaN(v)) {
            throw new DataException(file, e.line(), "expected a finite decimal float32 as the label of a regression example, found \"" + ConllReader.shorten(e.label()) + "\"");
        }
        return v;
    }
}
