package org.rnn4j.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Pretrained word vectors in the word2vec / GloVe text format: an optional first line {@code count dimension},
 * then one {@code word v_1 ... v_E} per line, separated by spaces. Only the words of a given vocabulary are
 * kept, so a large file is streamed through without holding all of it.
 */
public final class WordVectors {
    private WordVectors() {}

    /** The vectors found for the vocabulary's tokens: {@code rows[id]} is null where the file has none. */
    public record Found(int dimension, float[][] rows, int hits) {}

    public static Found read(Path file, Vocabulary vocab) {
        Map<String, Integer> wanted = new HashMap<>();
        for (int id = 4; id < vocab.size(); id++) wanted.put(vocab.token(id), id);
        float[][] rows = new float[vocab.size()][];
        int[] hits = {0};
        int dimension = scan(file, word -> idOf(wanted, word) != null && rows[idOf(wanted, word)] == null, (word, v) -> {
            rows[idOf(wanted, word)] = v;
            hits[0]++;
        });
        return new Found(dimension, rows, hits[0]);
    }

    /** The id of a word, or of its lower-case form (vectors trained on cased text, a vocabulary of lower-cased words). */
    private static Integer idOf(Map<String, Integer> ids, String word) {
        Integer id = ids.get(word);
        return id != null ? id : ids.get(word.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Reads every line of a vectors file, checks it, and hands each wanted word and its vector to {@code each}, in
     * file order (the vectors of other words are checked for their count only, not parsed).
     *
     * @return the dimension E, or -1 when the file holds no vector
     */
    public static int scan(Path file, Predicate<String> wanted, BiConsumer<String, float[]> each) {
        int[] dim = {-1};
        try (var lines = Records.of(file, l -> l, "lines of word v_1 ... v_E")) {
            lines.forEach(l -> {
                String[] parts = l.text().strip().split(" +");
                if (l.number() == 1 && parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                    dim[0] = Integer.parseInt(parts[1]);                      // the word2vec header
                    return;
                }
                if (l.text().isBlank()) return;
                if (parts.length < 2) throw new DataException(file, l.number(), "expected a word followed by its vector, found one field");
                if (dim[0] < 0) dim[0] = parts.length - 1;
                if (parts.length - 1 != dim[0]) {
                    throw new DataException(file, l.number(), "expected " + dim[0] + " numbers after the word, found " + (parts.length - 1));
                }
                if (!wanted.test(parts[0])) return;
                float[] v = new float[dim[0]];
                for (int i = 0; i < v.length; i++) {
                    v[i] = org.rnn4j.parse.Numbers.parse(parts[i + 1]);
                    if (Float.isNaN(v[i])) {
                        throw new DataException(file, l.number(), "expected a finite float32 as value " + (i + 1) + " of \"" + parts[0] + "\", found \""
                                + ConllReader.shorten(parts[i + 1]) + "\"");
                    }
                }
                each.accept(parts[0], v);
            });
        }
        return dim[0];
    }

    /**
     * Copies the found rows into an embedding table [V, E] and brings the other rows (words without a vector, and
     * the reserved ids) to the found vectors' scale: each is multiplied by the root mean square of the found values.
     * A fresh table is N(0, 1), so those rows become N(0, rms²). Without this, word2vec vectors (components of
     * about ±0.5) would sit beside random rows four times as long, and the words without a vector would dominate.
     */
    public static void copyInto(Found found, float[] table, int dim) {
        if (found.dimension() != dim) throw new IllegalArgumentException("the word vectors have " + found.dimension() + " dimensions but the embedding has " + dim + "; set --embedding " + found.dimension());
        double squares = 0;
        long values = 0;
        for (float[] row : found.rows()) {
            if (row == null) continue;
            for (float v : row) squares += (double) v * v;
            values += dim;
        }
        float rms = values == 0 ? 1f : (float) Math.sqrt(squares / values);
        for (int id = 0; id < found.rows().length; id++) {
            if (found.rows()[id] != null) System.arraycopy(found.rows()[id], 0, table, id * dim, dim);
            else for (int e = 0; e < dim; e++) table[id * dim + e] *= rms;
        }
    }

}
