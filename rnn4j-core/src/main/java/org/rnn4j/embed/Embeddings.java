package org.rnn4j.embed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.data.WordVectors;
import org.rnn4j.io.AtomicFile;

/**
 * Words and their vectors [W, E]: what {@link Word2Vec} trains, or what a word2vec/GloVe text file holds. Finds
 * a word's nearest neighbours by cosine, solves analogies, writes the word2vec text format that
 * {@code rnn4j train --pretrained} reads, and fills a model's embedding table for its vocabulary.
 */
public final class Embeddings {
    private final List<String> words;
    private final float[] vectors;
    private final int dim;
    private final Map<String, Integer> index = new HashMap<>();
    private float[] unit;

    /**
     * @param words   W words, row w of vectors is words[w]'s
     * @param vectors [W, E]
     */
    public Embeddings(List<String> words, float[] vectors, int dim) {
        if (dim < 1 || vectors.length != (long) words.size() * dim) {
            throw new IllegalArgumentException("expected " + words.size() + " × " + dim + " values, got " + vectors.length);
        }
        this.words = List.copyOf(words);
        this.vectors = vectors;
        this.dim = dim;
        for (int w = 0; w < words.size(); w++) {
            if (index.putIfAbsent(words.get(w), w) != null) throw new IllegalArgumentException("the word \"" + words.get(w) + "\" appears twice");
        }
    }

    /** Every vector of a word2vec/GloVe text file (of a word that appears twice, the first, as {@code --pretrained} reads it). */
    public static Embeddings read(Path file) {
        List<String> words = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        int dim = WordVectors.scan(file, seen::add, (word, v) -> {
            words.add(word);
            rows.add(v);
        });
        if (words.isEmpty()) throw new IllegalArgumentException(file + ": holds no vectors; expected lines of word v_1 ... v_E");
        float[] vectors = new float[words.size() * dim];
        for (int w = 0; w < rows.size(); w++) System.arraycopy(rows.get(w), 0, vectors, w * dim, dim);
        return new Embeddings(words, vectors, dim);
    }

    public List<String> words() { return words; }

    /** E. */
    public int dim() { return dim; }

    /** [W, E], row-major (shared, not copied). */
    public float[] vectors() { return vectors; }

    /** The vector of a word, or null when it has none. */
    public float[] vector(String word) {
        Integer w = index.get(word);
        return w == null ? null : Arrays.copyOfRange(vectors, w * dim, (w + 1) * dim);
    }

    /** Writes the word2vec text format (a line {@code W E}, then {@code word v_1 ... v_E}), atomically. */
    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(words.size() * (dim * 11 + 12));
        sb.append(words.size()).append(' ').append(dim).append('\n');
        for (int w = 0; w < words.size(); w++) {
            sb.append(words.get(w));
            for (int e = 0; e < dim; e++) sb.append(' ').append(vectors[w * dim + e]);
            sb.append('\n');
        }
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A word and its cosine similarity to the query. */
    public record Neighbour(String word, double cosine) {}

    /** The k words nearest to {@code word} by cosine, itself left out. */
    public List<Neighbour> nearest(String word, int k) {
        return nearest(unitOf(word), k, Set.of(word));
    }

    /** a : b :: c : ? — the k words nearest to b - a + c (unit vectors, "3CosAdd"), a, b and c left out. */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        float[] ua = unitOf(a), ub = unitOf(b), uc = unitOf(c), q = new float[dim];
        for (int e = 0; e < dim; e++) q[e] = ub[e] - ua[e] + uc[e];
        return nearest(q, k, Set.of(a, b, c));
    }

    /** The k words whose vectors are nearest to q by cosine, the excluded ones left out, best first. */
    public List<Neighbour> nearest(float[] q, int k, Set<String> excluded) {
        float[] u = unit();
        double norm = 0;
        for (float v : q) norm += (double) v * v;
        double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
        PriorityQueue<Neighbour> best = new PriorityQueue<>(Comparator.comparingDouble(Neighbour::cosine));
        for (int w = 0; w < words.size(); w++) {
            if (excluded.contains(words.get(w))) continue;
            double s = 0;
            for (int e = 0; e < dim; e++) s += (double) q[e] * u[w * dim + e];
            if (best.size() < k) best.add(new Neighbour(words.get(w), s * scale));
            else if (s * scale > best.peek().cosine()) {
                best.poll();
                best.add(new Neighbour(words.get(w), s * scale));
            }
        }
        List<Neighbour> out = new ArrayList<>(best);
        out.sort(Comparator.comparingDouble(Neighbour::cosine).reversed().thenComparing(Neighbour::word));
        return out;
    }

    /** The unit vector of a word; an unknown word is an error that says how to look. */
    private float[] unitOf(String word) {
        Integer w = index.get(word);
        if (w == null) throw new IllegalArgumentException("\"" + word + "\" has no vector (" + words.size() + " words; the command line's vectors are lower-cased)");
        return Arrays.copyOfRange(unit(), w * dim, (w + 1) * dim);
    }

    /** [W, E] the vectors scaled to length 1 (a zero vector stays 0), made on first use. */
    private float[] unit() {
        if (unit == null) {
            float[] u = new float[vectors.length];
            for (int w = 0; w < words.size(); w++) {
                double norm = 0;
                for (int e = 0; e < dim; e++) norm += (double) vectors[w * dim + e] * vectors[w * dim + e];
                double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
                for (int e = 0; e < dim; e++) u[w * dim + e] = (float) (vectors[w * dim + e] * scale);
            }
            unit = u;
        }
        return unit;
    }

    /**
     * The vectors of a vocabulary's words, as {@link WordVectors#read} finds them in a file: row {@code id} is
     * null for a word without a vector (and for the reserved ids 0-3).
     */
    public WordVectors.Found found(Vocabulary vocab) {
        float[][] rows = new float[vocab.size()][];
        int hits = 0;
        for (int id = 4; id < vocab.size(); id++) {
            rows[id] = vector(vocab.token(id));
            if (rows[id] != null) hits++;
        }
        return new WordVectors.Found(dim, rows, hits);
    }

    /**
     * Fills a model's embedding table ({@code embedding.weight} [V, E]) for its vocabulary, as {@code --pretrained}
     * does ({@link WordVectors#copyInto}: the words' vectors, the other rows brought to their scale).
     *
     * @return how many of the vocabulary's words got a vector
     */
    public int copyInto(Vocabulary vocab, float[] table) {
        if (table.length != (long) vocab.size() * dim) {
            throw new IllegalArgumentException("the embedding table holds " + table.length + " values, expected " + vocab.size() + " words × " + dim + " (the vectors' E)");
        }
        WordVectors.Found found = found(vocab);
        WordVectors.copyInto(found, table, dim);
        return found.hits();
    }
}
