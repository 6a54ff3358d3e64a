package org.rnn4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a UTF-8 text file line by line, streaming (a file larger than memory is fine), numbering lines from 1.
 * Strict: a line that is not valid UTF-8 or longer than {@link #MAX_LINE_BYTES} is a {@link DataException}
 * naming the line, never a silently replaced character or an out-of-memory error. "\n" and "\r\n" both end a line.
 */
public final class LineReader implements Iterator<LineReader.Line>, Closeable {
    /** The longest line accepted, in bytes (1 MiB). */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** One line: its number (from 1) and its text without the line ending. */
    public record Line(long number, String text) {}

    private final Path file;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private Line next;
    private long number;
    private boolean eof;

    public LineReader(Path file) {
        this(open(file), file);
    }

    /** Lines from a stream (standard input), reported under {@code name}. */
    public LineReader(InputStream in, Path name) {
        this.file = name;
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new DataException(file, 0, "cannot be read: " + e.getMessage());
        }
    }

    /** The lines of {@code file} as a stream that closes the file when closed. */
    public static Stream<Line> lines(Path file) {
        LineReader r = new LineReader(file);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(r, Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(r::close);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !eof) next = read();
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) throw new NoSuchElementException();
        Line l = next;
        next = null;
        return l;
    }

    private Line read() {
        try {
            buf.reset();
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') break;
                if (buf.size() >= MAX_LINE_BYTES) {
                    throw new DataException(file, number + 1, "line is longer than " + MAX_LINE_BYTES + " bytes; expected one record per line");
                }
                buf.write(b);
            }
            if (b == -1) eof = true;
            if (!any) return null;
            number++;
            byte[] bytes = buf.toByteArray();
            int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                String text = utf8.decode(ByteBuffer.wrap(bytes, 0, len)).toString();
                if (number == 1 && text.startsWith("\uFEFF")) text = text.substring(1);      // byte-order mark
                return new Line(number, text);
            } catch (CharacterCodingException e) {
                throw new DataException(file, number, "is not valid UTF-8; expected UTF-8 text (convert the file, e.g. with iconv)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
