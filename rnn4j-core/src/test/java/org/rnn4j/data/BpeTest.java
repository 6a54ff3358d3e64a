package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Byte-pair encoding: the merges of Sennrich et al.'s example in their order; any Unicode text (spaces of every kind
 * and count, characters never seen, text that spells a byte token) tokenized and joined is the same text; learning
 * is deterministic whatever order the counts come in; the vocabulary holds exactly N tokens; more tokens make fewer
 * tokens per word; threads sharing one tokenizer (and its word cache, emptied when full) cut every word as one
 * thread alone does; the tokenizer's JSON reads back equal.
 */
class BpeTest {
    static Map<String, Long> units(Tokenizer t, List<String> texts) {
        Map<String, Long> counts = new TreeMap<>();
        for (String text : texts) for (String u : t.units(text)) counts.merge(u, 1L, Long::sum);
        return counts;
    }

    static List<String> sentences() throws Exception {
        return Files.readAllLines(Path.of("../examples/data/sentences.txt"));
    }

    @Test
    void sennrichsExampleMergesInOrder() {
        Map<String, Long> words = new LinkedHashMap<>();
        words.put(" low", 5L);
        words.put(" lower", 2L);
        words.put(" newest", 6L);
        words.put(" widest", 3L);
        Bpe bpe = Bpe.untrained(4 + 256 + 11 + 5).fit(words);
        assertEquals(11, bpe.alphabet().size(), bpe.alphabet().toString());
        assertEquals(List.of(new Bpe.Merge("e", "s"), new Bpe.Merge("es", "t"), new Bpe.Merge(" ", "l"), new Bpe.Merge(" l", "o"), new Bpe.Merge(" lo", "w")), bpe.merges());
        assertEquals(List.of(" low", "est"), bpe.tokenize("lowest"));
        assertEquals(List.of(" low", "e", "r", " ", "n", "e", "w", "est"), bpe.tokenize("lower newest"));
        assertEquals(4 + 256 + 11 + 5, bpe.vocabulary().size());
    }

    @Test
    void anyTextJoinsBackExactly() throws Exception {
        Bpe bpe = (Bpe) Tokenizer.parse("bpe:600").fit(units(Tokenizer.parse("bpe:600"), sentences()));
        List<String> texts = new ArrayList<>(List.of("", " ", "   ", "a", " the cat sat ", "\tthe\ncat\r\n", "naïve café — 😀 𝔘𝔫𝔦 中文 한국어",
                "<0x41> <unk> <pad>", "\u2581the", "e\u0301", "  two  spaces  ", "\u00a0nbsp\u3000ideographic"));
        SplittableRandom rng = new SplittableRandom(1);
        int[] pool = "the cat sat on a mat .,!?'\"\t\n ÄéΩжאب中😀𝔘\u0301\u200d\u00a0<>0x".codePoints().toArray();
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = rng.nextInt(40); n > 0; n--) b.appendCodePoint(rng.nextInt(8) == 0 ? 1 + rng.nextInt(0x10FFFF - 1) : pool[rng.nextInt(pool.length)]);
            String s = b.toString();
            if (s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) texts.add(s);        // a lone surrogate is not text
        }
        for (String s : texts) assertEquals(s, bpe.join(bpe.tokenize(s)), "\"" + s + "\" as " + bpe.tokenize(s));
        List<String> unseen = bpe.tokenize("€");
        assertEquals(List.of(" ", "<0xE2>", "<0x82>", "<0xAC>"), unseen, "a character training never saw becomes its UTF-8 bytes");
        Vocabulary vocab = new Vocabulary(bpe.vocabulary());
        for (String s : texts) for (String t : bpe.tokenize(s)) assertTrue(vocab.id(t) != Vocabulary.UNK, "every token has an id: " + t);
    }

    @Test
    void threadsCuttingMoreWordsThanTheCacheHoldsAgreeWithOneThread() throws Exception {
        Bpe learned = (Bpe) Tokenizer.parse("bpe:600").fit(units(Tokenizer.parse("bpe:600"), sentences()));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) words.add(" " + Integer.toString(i, 36) + (i % 3 == 0 ? "ing" : "ed"));
        List<List<String>> expected = words.stream().map(learned::tokensOf).toList();
        Bpe shared = new Bpe(learned.size(), learned.alphabet(), learned.merges());
        List<java.util.concurrent.Callable<Boolean>> cutters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t * 15_000;
            cutters.add(() -> {
                for (int i = 0; i < words.size(); i++) {
                    int w = (i + offset) % words.size();
                    if (!shared.tokensOf(words.get(w)).equals(expected.get(w))) return false;
                }
                return true;
            });
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (var f : pool.invokeAll(cutters)) assertTrue(f.get(), "every thread cuts every word as one thread alone does");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void learningIsDeterministicAndFillsTheVocabulary() throws Exception {
        List<String> lines = sentences();
        Bpe a = (Bpe) Tokenizer.parse("bpe:340").fit(units(Tokenizer.parse("bpe:340"), lines));
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new java.util.Random(5));
        Map<String, Long> reversed = new LinkedHashMap<>();
        List<Map.Entry<String, Long>> entries = new ArrayList<>(units(a, shuffled).entrySet());
        Collections.reverse(entries);
        entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
        assertEquals(a, Bpe.untrained(340).fit(reversed));
        assertEquals(340, a.vocabulary().size(), "reserved, alphabet, merges and bytes: N tokens");
        assertTrue(Bpe.untrained(2000).fit(reversed).vocabulary().size() < 2000, "a text with no pairs left to merge gives fewer");

        double previous = Double.MAX_VALUE;
        for (int n : new int[] {300, 320, 340, 360}) {
            Bpe b = Bpe.untrained(n).fit(units(a, lines));
            long words = 0, tokens = 0;
            for (String line : lines) {
                words += b.units(line).size();
                tokens += b.tokenize(line).size();
            }
            double perWord = tokens / (double) words;
            assertTrue(perWord < previous, "bpe:" + n + " gives " + perWord + " tokens per word, not fewer than " + previous);
            previous = perWord;
        }
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.parse("bpe:100"), "fewer than the reserved tokens and the bytes");
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.parse("bpe:x"));
        assertThrows(IllegalArgumentException.class, () -> Bpe.untrained(262).fit(units(a, lines)), "no room for the alphabet");
    }

    /**
     * Tokenizer has no default method: a class implementing an interface with default methods initializes it first,
     * so Basic's initialization (Jackson reading a model file's "CHARS") would run Tokenizer's, which would read
     * Basic.CHARS while it is still null, and {@code tokenizer == Tokenizer.CHARS} would fail everywhere.
     */
    @Test
    void theInterfaceHasNoDefaultMethodToInitializeEarly() {
        for (var m : Tokenizer.class.getDeclaredMethods()) assertTrue(!m.isDefault(), "default method " + m.getName());
        assertTrue(Tokenizer.CHARS != null && Tokenizer.parse("chars") == Tokenizer.CHARS && Tokenizer.Basic.valueOf("WORDS") == Tokenizer.WORDS);
    }

    @Test
    void jsonReadsBackEqual() throws Exception {
        Bpe bpe = (Bpe) Tokenizer.parse("bpe:400").fit(units(Tokenizer.parse("bpe:400"), sentences()));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(bpe, mapper.readValue(mapper.writeValueAsString(bpe), Tokenizer.class));
        assertEquals(Tokenizer.CHARS, mapper.readValue(mapper.writeValueAsString(Tokenizer.CHARS), Tokenizer.class));
        assertEquals("\"WORDS\"", mapper.writeValueAsString(Tokenizer.WORDS));
    }
}
