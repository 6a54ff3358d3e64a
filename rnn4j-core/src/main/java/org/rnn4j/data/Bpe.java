package org.rnn4j.data;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subwords by byte-pair encoding (Sennrich, Haddow and Birch, 2016), cut as SentencePiece's BPE model cuts them. A
 * space is put before the text, which is then cut before every space into words that begin with their space
 * (" the", " cat"). A word starts as its characters; the learned merges then join neighbouring symbols, the
 * earliest learned first, until none applies. A character outside the learned alphabet becomes its UTF-8 bytes,
 * tokens {@code <0xE2>}, so every text has tokens and {@link #join} gives back exactly the text tokenized.
 *
 * <p>Learning ({@link #fit}) counts the training text's words; the alphabet is the characters that cover
 * {@value #COVERAGE} of its characters, most frequent first; merges are learned, the most frequent pair of
 * neighbouring symbols first (ties in the order of the symbols' text), of the pairs SentencePiece would join
 * ({@link #mergeable}), until the vocabulary holds {@code size}
 * tokens: the 4 reserved ones, the 256 bytes, the alphabet and the merges (fewer if every word of the text is
 * already one token).
 */
public final class Bpe implements Tokenizer, java.io.Serializable {
    /** Two neighbouring symbols joined into one. */
    public record Merge(String left, String right) implements java.io.Serializable {
        String joined() { return left + right; }
    }

    /** Of every character in the training text, the share the alphabet covers (SentencePiece's default). */
    public static final double COVERAGE = 0.9995;
    private static final int RESERVED = Vocabulary.RESERVED.size(), BYTES = 256, CACHED = 50_000, LONGEST = 16;

    private final int size;
    private final List<String> alphabet;
    private final List<Merge> merges;
    private final Set<String> known;
    private final Map<Merge, Integer> ranks = new HashMap<>();
    /** Words already cut, read without a lock by every thread; emptied when it holds {@value #CACHED}. */
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    /**
     * @param size     N of bpe:N, the vocabulary's size
     * @param alphabet the characters a word may start as (others become bytes); empty before learning
     * @param merges   in the order learned
     */
    public Bpe(int size, List<String> alphabet, List<Merge> merges) {
        if (size < RESERVED + BYTES + 1) throw new IllegalArgumentException("bpe:" + size + " is too small: the vocabulary holds " + RESERVED + " reserved tokens and " + BYTES + " bytes, so N is at least " + (RESERVED + BYTES + 1));
        this.size = size;
        this.alphabet = List.copyOf(alphabet);
        this.merges = List.copyOf(merges);
        this.known = new HashSet<>(alphabet);
        for (Merge m : merges) ranks.putIfAbsent(m, ranks.size());
    }

    /** Serialised as what it was made from (Spark sends a data fit between machines). */
    private record Form(int size, List<String> alphabet, List<Merge> merges) implements java.io.Serializable {
        private Object readResolve() {
            return new Bpe(size, alphabet, merges);
        }
    }

    private Object writeReplace() {
        return new Form(size, alphabet, merges);
    }

    /** bpe:N before learning. */
    static Bpe untrained(int size) {
        return new Bpe(size, List.of(), List.of());
    }

    public int size() { return size; }

    public List<String> alphabet() { return alphabet; }

    public List<Merge> merges() { return merges; }

    @Override
    public String name() { return "bpe:" + size; }

    /** The 256 byte tokens, {@code <0x00>} to {@code <0xFF>}: every vocabulary of a BPE tokenizer holds them. */
    public static List<String> bytes() {
        List<String> out = new ArrayList<>(BYTES);
        for (int b = 0; b < BYTES; b++) out.add(byteToken(b));
        return out;
    }

    /** The words of a text, each with the space before it: what learning counts. */
    @Override
    public List<String> units(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) return out;
        String s = " " + text;
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ' ') {
                out.add(s.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    @Override
    public List<String> tokenize(String text) {
        if (alphabet.isEmpty()) throw new IllegalStateException("bpe:" + size + " has not been learned from a training text yet");
        List<String> out = new ArrayList<>();
        for (String word : units(text)) out.addAll(tokensOf(word));
        return out;
    }

    /** The tokens of one word of {@link #units}, its space first. */
    @Override
    public List<String> tokensOf(String word) {
        List<String> tokens = cache.get(word);
        if (tokens != null) return tokens;
        if (cache.size() >= CACHED) cache.clear();
        tokens = List.copyOf(apply(word));
        cache.put(word, tokens);
        return tokens;
    }

    /** Every token this tokenizer can give, each once: the reserved ones, the alphabet, the merges' results, the bytes. */
    public List<String> vocabulary() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(Vocabulary.RESERVED);
        all.addAll(alphabet);
        for (Merge m : merges) all.add(m.joined());
        all.addAll(bytes());
        return List.copyOf(all);
    }

    /** The tokens of one word: its symbols, merged by rank. */
    private List<String> apply(String word) {
        List<String> symbols = symbols(word, known);
        while (symbols.size() > 1) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer r = ranks.get(new Merge(symbols.get(i), symbols.get(i + 1)));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) break;
            Merge m = merges.get(bestRank);
            List<String> merged = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(m.left()) && symbols.get(i + 1).equals(m.right())) {
                    merged.add(m.joined());
                    i++;
                } else {
                    merged.add(symbols.get(i));
                }
            }
            symbols = merged;
        }
        return symbols;
    }

    /** A word's characters, those outside {@code alphabet} as their UTF-8 byte tokens: what merging starts from. */
    static List<String> symbols(String word, Set<String> alphabet) {
        List<String> out = new ArrayList<>(word.length());
        word.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            if (alphabet.contains(c)) out.add(c);
            else for (byte b : c.getBytes(StandardCharsets.UTF_8)) out.add(byteToken(b & 0xFF));
        });
        return out;
    }

    /** The text of the tokens: their concatenation, byte tokens decoded as UTF-8, without the space put before it. */
    @Override
    public String join(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        ByteBuffer bytes = ByteBuffer.allocate(tokens.size());
        for (String t : tokens) {
            int b = byteOf(t);
            if (b >= 0) {
                bytes.put((byte) b);
                continue;
            }
            flush(bytes, text);
            text.append(t);
        }
        flush(bytes, text);
        return !text.isEmpty() && text.charAt(0) == ' ' ? text.substring(1) : text.toString();
    }

    private static void flush(ByteBuffer bytes, StringBuilder text) {
        if (bytes.position() == 0) return;
        bytes.flip();
        try {
            text.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE).decode(bytes));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e);                                 // REPLACE never throws
        }
        bytes.clear();
    }

    private static String byteToken(int b) {
        return String.format("<0x%02X>", b);
    }

    /** The byte a token {@code <0xAB>} stands for, or -1. */
    private static int byteOf(String t) {
        if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') return -1;
        int hi = Character.digit(t.charAt(3), 16), lo = Character.digit(t.charAt(4), 16);
        return hi < 0 || lo < 0 || Character.isLowerCase(t.charAt(3)) || Character.isLowerCase(t.charAt(4)) ? -1 : hi * 16 + lo;
    }

    /** Learns the alphabet and the merges from the training text's words and their counts ({@link #units}). */
    @Override
    public Bpe fit(Map<String, Long> words) {
        Map<String, Long> chars = new HashMap<>();
        long total = 0;
        for (var e : words.entrySet()) {
            for (int cp : e.getKey().codePoints().toArray()) chars.merge(new String(Character.toChars(cp)), e.getValue(), Long::sum);
            total += e.getKey().codePointCount(0, e.getKey().length()) * e.getValue();
        }
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(chars.entrySet());
        byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> letters = new ArrayList<>();
        long covered = 0;
        for (var e : byCount) {
            if (!letters.isEmpty() && covered >= COVERAGE * total) break;
            letters.add(e.getKey());
            covered += e.getValue();
        }
        int wanted = size - RESERVED - BYTES - letters.size();
        if (wanted < 0) throw new IllegalArgumentException("bpe:" + size + " is too small for this text: its alphabet has " + letters.size() + " characters, so N is at least " + (RESERVED + BYTES + letters.size()));
        return new Bpe(size, letters, BpeLearner.learn(words, new HashSet<>(letters), wanted));
    }

    /** A byte token, which never merges. */
    static boolean isByte(String symbol) {
        return byteOf(symbol) >= 0;
    }

    /**
     * Whether a merge may spell {@code joined}: as SentencePiece's pieces, at most {@value #LONGEST} characters of
     * one Unicode script after the word's space (punctuation and digits are of the common script, so "earth." and
     * "F1" are two tokens each; kana count as Han, a combining mark as the script before it); and neither a byte
     * token (it would read back as a byte) nor a reserved one.
     */
    static boolean mergeable(String joined) {
        if (isByte(joined) || Vocabulary.RESERVED.contains(joined) || joined.codePointCount(0, joined.length()) > LONGEST) return false;
        Character.UnicodeScript previous = null;
        for (int i = joined.startsWith(" ") ? 1 : 0; i < joined.length(); ) {
            int cp = joined.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') return false;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA || cp == 0x30FC) script = Character.UnicodeScript.HAN;
            else if (script == Character.UnicodeScript.INHERITED && previous != null) script = previous;
            if (previous != null && script != previous) return false;
            previous = script;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bpe b && b.size == size && b.alphabet.equals(alphabet) && b.merges.equals(merges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, alphabet, merges);
    }

    @Override
    public String toString() {
        return name() + " (" + alphabet.size() + " characters, " + merges.size() + " merges)";
    }
}
