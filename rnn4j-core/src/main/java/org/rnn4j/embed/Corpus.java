package org.rnn4j.embed;

import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.data.DataException;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;

/**
 * A text as word2vec trains on it: every token of the words kept in the vocabulary, in order, as word indices
 * (0 = the most frequent word), with {@link #END} after each line, so a context window never reaches across lines.
 *
 * <p>The file is read once. Lines are tokenised with the command line's word tokeniser ({@link Tokenizer#WORDS}:
 * NFKC, lower case, punctuation as tokens). A line may be of any length: beyond {@value #PIECE_BYTES} bytes it is
 * read in pieces cut at spaces, so a corpus written as one long line (such as text8) trains as it is.
 */
public final class Corpus {
    /** The marker of a line's end in {@link #tokens()}. */
    public static final int END = -1;
    static final int PIECE_BYTES = 1 << 20;

    private final List<String> words;
    private final long[] counts;
    private final int[] tokens;
    private final long size;

    /**
     * @param words  the vocabulary, most frequent first
     * @param counts [W] how often each word occurs
     * @param tokens the text as word indices and {@link #END} markers
     */
    Corpus(List<String> words, long[] counts, int[] tokens) {
        if (words.size() != counts.length) throw new IllegalArgumentException(words.size() + " words but " + counts.length + " counts");
        this.words = List.copyOf(words);
        this.counts = counts;
        this.tokens = tokens;
        this.size = Arrays.stream(counts).sum();
    }

    /** The words of the text seen at least {@code minCount} times; lines are split by {@link Tokenizer#WORDS}. */
    public static Corpus read(Path file, int minCount) {
        Builder b = new Builder(minCount);
        try (InputStream in = Files.newInputStream(file)) {
            new Pieces(file, in).forEach(b::add);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        if (b.tokens == 0) throw new DataException(file, 1, "the file has no words; expected plain text");
        Corpus c = b.build();
        if (c.words.isEmpty()) {
            throw new DataException(file, 1, "no word occurs " + minCount + " times or more (" + b.seen.size() + " distinct words); lower --min-count");
        }
        return c;
    }

    /** A corpus of lines already split into tokens (tests, and text that is not in a file). */
    public static Corpus of(List<List<String>> lines, int minCount) {
        Builder b = new Builder(minCount);
        for (List<String> line : lines) {
            b.tokens(line);
            b.end();
        }
        Corpus c = b.build();
        if (c.words.isEmpty()) throw new IllegalArgumentException("no word occurs " + minCount + " times or more");
        return c;
    }

    /** W words, most frequent first (ties in alphabetical order). */
    public List<String> words() { return words; }

    /** [W] occurrences of each word. */
    public long[] counts() { return counts; }

    /** The text: word indices, {@link #END} after each line (shared, not copied: do not change it). */
    int[] tokens() { return tokens; }

    /** How many tokens of kept words the text holds: the words of one epoch. */
    public long size() { return size; }

    /** Counts tokens while reading, then keeps the frequent ones and renumbers them by frequency. */
    private static final class Builder {
        final int minCount;
        final Map<String, Integer> ids = new HashMap<>();
        final List<String> seen = new ArrayList<>();
        long[] count = new long[1024];
        int[] text = new int[1 << 16];
        int length;
        long tokens;

        Builder(int minCount) {
            this.minCount = minCount;
        }

        void add(Piece p) {
            tokens(Tokenizer.WORDS.tokenize(p.text()));
            if (p.endsLine()) end();
        }

        void tokens(List<String> line) {
            for (String t : line) {
                Integer id = ids.get(t);
                if (id == null) {
                    id = seen.size();
                    ids.put(t, id);
                    seen.add(t);
                    if (id == count.length) count = Arrays.copyOf(count, 2 * id);
                }
                count[id]++;
                put(id);
                tokens++;
            }
        }

        void end() {
            if (length > 0 && text[length - 1] != END) put(END);
        }

        void put(int v) {
            if (length == text.length) {
                if (length == Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the text holds more than " + length + " tokens; split it");
                text = Arrays.copyOf(text, (int) Math.min(Integer.MAX_VALUE - 8, 2L * length));
            }
            text[length++] = v;
        }

        Corpus build() {
            Map<String, Long> byWord = new HashMap<>();
            for (int i = 0; i < seen.size(); i++) byWord.put(seen.get(i), count[i]);
            Vocabulary vocab = Vocabulary.build(byWord, Math.max(1, minCount), 0);
            List<String> words = vocab.tokens().subList(4, vocab.size());
            int[] renumber = new int[seen.size()];
            Arrays.fill(renumber, END - 1);
            long[] kept = new long[words.size()];
            for (int w = 0; w < words.size(); w++) {
                int old = ids.get(words.get(w));
                renumber[old] = w;
                kept[w] = count[old];
            }
            int n = 0;
            for (int i = 0; i < length; i++) {
                int v = text[i] == END ? END : renumber[text[i]];
                if (v == END - 1 || v == END && (n == 0 || text[n - 1] == END)) continue;   // a rare word; an empty line
                text[n++] = v;
            }
            return new Corpus(words, kept, Arrays.copyOf(text, n));
        }
    }

    /** A stretch of text and whether a line ends after it. */
    record Piece(String text, boolean endsLine) {}

    /** The lines of a file, a long line in pieces of at most {@link #PIECE_BYTES} bytes cut at spaces. */
    private record Pieces(Path file, InputStream in) {
        void forEach(java.util.function.Consumer<Piece> each) throws IOException {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] block = new byte[1 << 16];
            long line = 1;
            for (int n; (n = in.read(block)) > 0; ) for (int i = 0; i < n; i++) {
                byte b = block[i];
                if (b == '\n') {
                    each.accept(new Piece(decode(utf8, buf.toByteArray(), buf.size(), line), true));
                    buf.reset();
                    line++;
                } else {
                    buf.write(b);
                    if (buf.size() >= PIECE_BYTES) {
                        byte[] bytes = buf.toByteArray();
                        int cut = lastSpace(bytes);
                        if (cut < 0) throw new DataException(file, line, "holds a word longer than " + PIECE_BYTES + " bytes; expected text of words separated by spaces");
                        each.accept(new Piece(decode(utf8, bytes, cut, line), false));
                        buf.reset();
                        buf.write(bytes, cut, bytes.length - cut);
                    }
                }
            }
            if (buf.size() > 0) each.accept(new Piece(decode(utf8, buf.toByteArray(), buf.size(), line), true));
        }

        private static int lastSpace(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r') return i;
            return -1;
        }

        private String decode(CharsetDecoder utf8, byte[] bytes, int length, long line) {
            try {
                return utf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            } catch (CharacterCodingException e) {
                throw new DataException(file, line, "is not valid UTF-8; expected UTF-8 text (convert the file, e.g. with iconv)");
            }
        }
    }
}
