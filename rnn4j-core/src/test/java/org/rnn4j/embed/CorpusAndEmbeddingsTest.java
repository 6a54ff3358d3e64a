package org.rnn4j.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.DataException;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;

/** Reading a corpus (lines, rare words, huge lines, bad bytes) and using vectors (files, neighbours, analogies, embedding tables). */
class CorpusAndEmbeddingsTest {
    @TempDir Path dir;

    @Test
    void aCorpusKeepsFrequentWordsInOrderWithLineEnds() throws Exception {
        Path f = dir.resolve("text.txt");
        Files.writeString(f, "The cat sat.\n\nthe CAT ran, the dog sat\nzebra\n");
        Corpus c = Corpus.read(f, 2);
        assertEquals(List.of("the", "cat", "sat"), c.words());
        assertArrayEquals(new long[] {3, 2, 2}, c.counts());
        assertEquals(7, c.size());
        int E = Corpus.END;
        assertArrayEquals(new int[] {0, 1, 2, E, 0, 1, 0, 2, E}, c.tokens(), "rare words and empty lines leave nothing");
    }

    @Test
    void aHugeLineIsReadInPiecesCutAtSpaces() throws Exception {
        StringBuilder line = new StringBuilder();
        for (int i = 0; line.length() < 3 * Corpus.PIECE_BYTES; i++) line.append("w").append(i % 997).append(i % 5 == 0 ? ", " : " ");
        Path f = dir.resolve("one-line.txt");
        Files.writeString(f, line + "\nlast line here w1\n");
        Corpus c = Corpus.read(f, 1);
        List<List<String>> lines = List.of(Tokenizer.WORDS.tokenize(line.toString()), Tokenizer.WORDS.tokenize("last line here w1"));
        Corpus expected = Corpus.of(lines, 1);
        assertEquals(expected.words(), c.words());
        assertArrayEquals(expected.tokens(), c.tokens());
    }

    @Test
    void badTextIsNamedByFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'o', 'k', '\n', 'f', 'i', 'n', 'e', '\n', 'b', (byte) 0xC3, '(', '\n'});
        DataException e = assertThrows(DataException.class, () -> Corpus.read(bad, 1));
        assertTrue(e.getMessage().contains("bad.txt:3") && e.getMessage().contains("UTF-8"), e.getMessage());

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n  \n");
        assertTrue(assertThrows(DataException.class, () -> Corpus.read(empty, 1)).getMessage().contains("no words"));

        Path rare = dir.resolve("rare.txt");
        Files.writeString(rare, "a b c\n");
        assertTrue(assertThrows(DataException.class, () -> Corpus.read(rare, 5)).getMessage().contains("lower --min-count"));

        Path word = dir.resolve("word.txt");
        Files.writeString(word, "x".repeat(Corpus.PIECE_BYTES + 10));
        assertTrue(assertThrows(DataException.class, () -> Corpus.read(word, 1)).getMessage().contains("word.txt:1"));
    }

    Embeddings planar() {
        // king - man + woman = queen exactly; apple far from all
        return new Embeddings(List.of("man", "woman", "king", "queen", "apple"),
                new float[] {1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, -1, -1, 0.1f}, 3);
    }

    @Test
    void neighboursAndAnalogiesByCosine() {
        Embeddings e = planar();
        var near = e.nearest("king", 2);
        assertEquals(List.of("man", "queen"), near.stream().map(Embeddings.Neighbour::word).toList());
        assertEquals(1 / Math.sqrt(2), near.get(0).cosine(), 1e-6);
        assertEquals("queen", e.analogy("man", "king", "woman", 1).get(0).word());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.nearest("prince", 3)).getMessage().contains("\"prince\" has no vector"));
        assertNull(e.vector("prince"));
    }

    @Test
    void theTextFormatRoundTripsAndFillsAnEmbeddingTable() throws Exception {
        Embeddings e = planar();
        Path f = dir.resolve("v.txt");
        e.write(f);
        assertTrue(Files.readAllLines(f, StandardCharsets.UTF_8).get(0).equals("5 3"));
        Embeddings back = Embeddings.read(f);
        assertEquals(e.words(), back.words());
        assertArrayEquals(e.vectors(), back.vectors());

        Vocabulary vocab = new Vocabulary(new ArrayList<>(List.of("<pad>", "<unk>", "<bos>", "<eos>", "queen", "pear", "man")));
        float[] table = new float[7 * 3];
        java.util.Arrays.fill(table, 3f);
        assertEquals(2, back.copyInto(vocab, table));
        float s = (float) Math.sqrt(3 / 6.0);        // the root mean square of the values of queen (0 1 1) and man (1 0 0): other rows come to that scale
        assertArrayEquals(new float[] {3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 3 * s, 0, 1, 1, 3 * s, 3 * s, 3 * s, 1, 0, 0}, table);
        assertThrows(IllegalArgumentException.class, () -> back.copyInto(vocab, new float[7 * 4]));
    }
}
