package org.rnn4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ↔ id. Ids 0-3 are reserved: {@code <pad>} = 0 (padding, never a real token), {@code <unk>} = 1 (any
 * token not in the vocabulary), {@code <bos>} = 2 and {@code <eos>} = 3 (begin and end of a generated
 * sequence). Built from counts with a minimum count and a maximum size; the most frequent tokens win, ties in
 * alphabetical order, so the same data always gives the same ids. Saved with the model as its token list.
 */
public final class Vocabulary {
    public static final int PAD = 0, UNK = 1, BOS = 2, EOS = 3;
    public static final List<String> RESERVED = List.of("<pad>", "<unk>", "<bos>", "<eos>");

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    /** @param tokens every token by id, starting with the four reserved ones */
    @com.fasterxml.jackson.annotation.JsonCreator
    public Vocabulary(List<String> tokens) {
        if (tokens.size() < 4 || !tokens.subList(0, 4).equals(RESERVED)) throw new IllegalArgumentException("a vocabulary starts with " + RESERVED);
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) throw new IllegalArgumentException("token \"" + tokens.get(i) + "\" appears twice in the vocabulary");
        }
    }

    /** The tokens seen at least {@code minCount} times, at most {@code maxSize} ids in all (0: no limit). */
    public static Vocabulary build(Map<String, Long> counts, int minCount, int maxSize) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount || RESERVED.contains(e.getKey()));
        entries.sort(Map.Entry.<String, Long>comparingByValue(Collections.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> tokens = new ArrayList<>(RESERVED);
        for (var e : entries) {
            if (maxSize > 0 && tokens.size() >= maxSize) break;
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokens);
    }

    public int size() { return tokens.size(); }

    @com.fasterxml.jackson.annotation.JsonValue
    public List<String> tokens() { return tokens; }

    /** The id of {@code token}, or {@link #UNK}. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK);
    }

    public int[] encode(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(tokens.get(i));
        return out;
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + tokens.size() + ")");
        return tokens.get(id);
    }

    /** The tokens of {@code ids}, without padding and the begin/end markers. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) if (id != PAD && id != BOS && id != EOS) out.add(token(id));
        return out;
    }
}
