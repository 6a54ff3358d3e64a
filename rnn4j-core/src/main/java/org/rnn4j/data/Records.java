package org.rnn4j.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Turns the lines of a file into a stream of records, and reports a file with no record as an error. */
final class Records {
    private Records() {}

    /**
     * @param parse one line → a record, or null to skip it (blank lines)
     * @param expected what a record looks like, for the error on an empty file
     */
    static <T> Stream<T> of(Path file, Function<LineReader.Line, T> parse, String expected) {
        LineReader lines = new LineReader(file);
        return fromIterator(file, new Iterator<T>() {
            T next;

            @Override
            public boolean hasNext() {
                while (next == null && lines.hasNext()) next = parse.apply(lines.next());
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                T t = next;
                next = null;
                return t;
            }
        }, expected).onClose(lines::close);
    }

    static <T> Stream<T> fromIterator(Path file, Iterator<T> it, String expected) {
        Iterator<T> checked = new Iterator<>() {
            boolean any;

            @Override
            public boolean hasNext() {
                boolean has = it.hasNext();
                if (!has && !any) throw new DataException(file, 1, "the file has no records; expected " + expected);
                return has;
            }

            @Override
            public T next() {
                any = true;
                return it.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(checked, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
