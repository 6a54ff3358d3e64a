package org.rnn4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * CoNLL-style tagged text: one {@code token<TAB>tag} per line, a blank line between sentences. Lines with more
 * columns (CoNLL-2003's {@code token POS chunk NER}) use the first as the token and the last as the tag; without a
 * tab, columns are separated by spaces. {@code -DOCSTART-} lines are skipped.
 */
public final class ConllReader {
    private ConllReader() {}

    /** A sentence: its first line, its tokens and their tags. */
    public record Sentence(long line, List<String> tokens, List<String> tags) {}

    public static Stream<Sentence> sentences(Path file) {
        LineReader lines = new LineReader(file);
        Iterator<Sentence> it = new Iterator<>() {
            Sentence next;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                List<String> tokens = new ArrayList<>(), tags = new ArrayList<>();
                long first = 0;
                while (lines.hasNext()) {
                    LineReader.Line l = lines.next();
                    String text = l.text().strip();
                    if (text.isEmpty()) {
                        if (!tokens.isEmpty()) break;
                        continue;
                    }
                    if (text.startsWith("-DOCSTART-")) continue;
                    String[] cols = l.text().contains("\t") ? l.text().split("\t") : text.split("\\s+");
                    if (cols.length < 2 || cols[0].isBlank() || cols[cols.length - 1].isBlank()) {
                        throw new DataException(file, l.number(), "expected token<TAB>tag, found \"" + shorten(l.text()) + "\"");
                    }
                    if (tokens.isEmpty()) first = l.number();
                    tokens.add(cols[0].strip());
                    tags.add(cols[cols.length - 1].strip());
                }
                if (tokens.isEmpty()) return false;
                next = new Sentence(first, tokens, tags);
                return true;
            }

            @Override
            public Sentence next() {
                if (!hasNext()) throw new NoSuchElementException();
                Sentence s = next;
                next = null;
                return s;
            }
        };
        return Records.fromIterator(file, it, "lines of token<TAB>tag with a blank line between sentences").onClose(lines::close);
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
