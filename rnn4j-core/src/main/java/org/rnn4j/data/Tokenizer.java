package org.rnn4j.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits text into tokens, and joins tokens back into text.
 * <ul>
 *   <li>{@link #CHARS}: one token per Unicode code point, text unchanged (character language models, spelling,
 *       grapheme-to-phoneme).</li>
 *   <li>{@link #WORDS}: the text is NFKC-normalised and lower-cased; a token is a run of letters and digits (with
 *       apostrophes inside, as in "don't"), or a single other visible character (punctuation); whitespace
 *       separates and is dropped. "The plot, wasn't GOOD!" → the, plot, ",", wasn't, good, "!".</li>
 *   <li>{@link #SPLIT}: pre-tokenised text, split on whitespace, unchanged.</li>
 *   <li>{@link Bpe}: subwords learned from the training text by byte-pair encoding ({@code bpe:N}, N tokens).</li>
 * </ul>
 * Saved in the model file as its name ({@code "CHARS"}), or for BPE as an object with its alphabet and merges.
 */
@JsonSerialize(using = Tokenizer.Writer.class)
@JsonDeserialize(using = Tokenizer.Reader.class)
public sealed interface Tokenizer permits Tokenizer.Basic, Bpe {
    Tokenizer CHARS = Basic.CHARS, WORDS = Basic.WORDS, SPLIT = Basic.SPLIT;

    List<String> tokenize(String text);

    /** The text of {@code tokens}: nothing between characters, a space between words, subwords undone. */
    String join(List<String> tokens);

    /** As the command line names it: CHARS, WORDS, SPLIT, or bpe:N. */
    String name();

    // No default methods here: a class initializes the interfaces with default methods it implements, and Basic's
    // initialization would then run this interface's, which reads Basic's constants before they are set.

    /** What a training text is counted as before the tokenizer is learned ({@link #fit}): its tokens; BPE's words. */
    List<String> units(String text);

    /** The tokens of one of the {@link #units} of a text. */
    List<String> tokensOf(String unit);

    /** The tokenizer learned from the {@link #units} counted over the training texts: this one, or BPE's merges. */
    Tokenizer fit(Map<String, Long> units);

    /**
     * A tokenizer by its command-line name, any case: chars, words, split, or bpe:N (N tokens in the vocabulary,
     * the reserved ones and 256 bytes included).
     */
    static Tokenizer parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("bpe:") || n.equals("bpe")) {
            int size;
            try {
                size = Integer.parseInt(n.substring(n.indexOf(':') + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("\"" + name + "\": expected bpe:N, N the number of tokens (for example bpe:8000)");
            }
            return Bpe.untrained(size);
        }
        for (Basic b : Basic.values()) if (b.name().equalsIgnoreCase(n)) return b;
        throw new IllegalArgumentException("\"" + name + "\": expected chars, words, split or bpe:N");
    }

    /** The tokenizers that learn nothing. */
    enum Basic implements Tokenizer {
        CHARS, WORDS, SPLIT;

        @Override
        public List<String> tokenize(String text) {
            List<String> out = new ArrayList<>();
            switch (this) {
                case CHARS -> text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
                case SPLIT -> {
                    for (String t : text.trim().split("\\s+")) if (!t.isEmpty()) out.add(t);
                }
                case WORDS -> words(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT), out);
            }
            return out;
        }

        @Override
        public String join(List<String> tokens) {
            return String.join(this == CHARS ? "" : " ", tokens);
        }

        @Override
        public List<String> units(String text) {
            return tokenize(text);
        }

        @Override
        public List<String> tokensOf(String unit) {
            return List.of(unit);
        }

        @Override
        public Tokenizer fit(Map<String, Long> units) {
            return this;
        }

        private static void words(String s, List<String> out) {
            int i = 0, n = s.length();
            while (i < n) {
                int cp = s.codePointAt(i);
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    i += Character.charCount(cp);
                } else if (Character.isLetterOrDigit(cp)) {
                    int j = i;
                    while (j < n) {
                        int c = s.codePointAt(j);
                        if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
                            j += Character.charCount(c);
                        } else if ((c == '\'' || c == '\u2019') && j + 1 < n && Character.isLetterOrDigit(s.codePointAt(j + 1))) {
                            j++;
                        } else {
                            break;
                        }
                    }
                    out.add(s.substring(i, j));
                    i = j;
                } else {
                    out.add(new String(Character.toChars(cp)));
                    i += Character.charCount(cp);
                }
            }
        }
    }

    /** A basic tokenizer as its name; BPE as {"bpe": N, "alphabet": [...], "merges": [[left, right], ...]}. */
    final class Writer extends com.fasterxml.jackson.databind.JsonSerializer<Tokenizer> {
        @Override
        public void serialize(Tokenizer t, JsonGenerator g, SerializerProvider p) throws IOException {
            if (t instanceof Basic b) {
                g.writeString(b.name());
                return;
            }
            Bpe bpe = (Bpe) t;
            g.writeStartObject();
            g.writeNumberField("bpe", bpe.size());
            g.writeArrayFieldStart("alphabet");
            for (String c : bpe.alphabet()) g.writeString(c);
            g.writeEndArray();
            g.writeArrayFieldStart("merges");
            for (Bpe.Merge m : bpe.merges()) {
                g.writeStartArray();
                g.writeString(m.left());
                g.writeString(m.right());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Reads what {@link Writer} writes. */
    final class Reader extends com.fasterxml.jackson.databind.JsonDeserializer<Tokenizer> {
        @Override
        public Tokenizer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            if (node.isTextual()) {
                for (Basic b : Basic.values()) if (b.name().equals(node.asText())) return b;
                throw new IllegalArgumentException("unknown tokenizer \"" + node.asText() + "\"");
            }
            if (!node.path("bpe").canConvertToInt() || !node.path("alphabet").isArray() || !node.path("merges").isArray()) {
                throw new IllegalArgumentException("a BPE tokenizer needs \"bpe\", \"alphabet\" and \"merges\"");
            }
            List<String> alphabet = new ArrayList<>();
            for (JsonNode c : node.get("alphabet")) {
                if (!c.isTextual() || c.asText().codePointCount(0, c.asText().length()) != 1) throw new IllegalArgumentException("a BPE alphabet holds single characters, got " + c);
                alphabet.add(c.asText());
            }
            List<Bpe.Merge> merges = new ArrayList<>();
            for (JsonNode m : node.get("merges")) {
                if (m.size() != 2 || !m.get(0).isTextual() || !m.get(1).isTextual()) throw new IllegalArgumentException("a BPE merge is [left, right], got " + m);
                merges.add(new Bpe.Merge(m.get(0).asText(), m.get(1).asText()));
            }
            return new Bpe(node.get("bpe").asInt(), alphabet, merges);
        }
    }
}
