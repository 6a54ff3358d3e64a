package org.rnn4j.embed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic text with structure planted in it, to measure word vectors against a known answer.
 *
 * <ul>
 *   <li><b>Classes.</b> {@code classes} hidden classes of {@code wordsPerClass} words ({@code c3w7}: word 7 of
 *       class 3). A line is a walk over the classes (class k is followed by class k+1 with probability 0.7, else
 *       by a fixed other class) that writes a random word of each class it visits. Words of one class are thus
 *       interchangeable: they share every context, and their vectors should be each other's nearest.</li>
 *   <li><b>Analogies.</b> A grid of words {@code g2r1} for every group g and role r. A line holds one grid word
 *       amid six context words, each drawn from the pool of its group ({@code pg2x4}) or of its role
 *       ({@code pr1x0}), so a grid word's contexts are its group's plus its role's. Then g1r1 : g1r2 :: g2r1 : g2r2
 *       holds for every two groups and two roles. The pool words of one group (or role) form a class too.</li>
 * </ul>
 *
 * @param lines      the text, one list of tokens per line, the two kinds of line interleaved at random
 * @param classOf    the hidden class of every class word and pool word
 * @param analogies  {a, b, c, answer} with a : b :: c : answer
 */
public record PlantedCorpus(List<List<String>> lines, Map<String, String> classOf, List<String[]> analogies) {
    static final int LINE_WORDS = 12, POOL = 5, CONTEXT = 6;

    /** The measures of vectors against the planted structure. */
    public record Scores(double neighbourShare, double analogyAccuracy) {}

    public static PlantedCorpus generate(int classes, int wordsPerClass, int groups, int roles, int lines, SplittableRandom rng) {
        if (classes < 2 || wordsPerClass < 2 || groups < 2 || roles < 2 || lines < 1) {
            throw new IllegalArgumentException("a planted corpus needs ≥ 2 classes, words per class, groups and roles and ≥ 1 line");
        }
        int[] other = new int[classes];
        for (int k = 0; k < classes; k++) other[k] = (k + 2 + rng.nextInt(classes - 1)) % classes;
        Map<String, String> classOf = new HashMap<>();
        for (int k = 0; k < classes; k++) for (int m = 0; m < wordsPerClass; m++) classOf.put("c" + k + "w" + m, "c" + k);
        for (int g = 0; g < groups; g++) for (int i = 0; i < POOL; i++) classOf.put("pg" + g + "x" + i, "pg" + g);
        for (int r = 0; r < roles; r++) for (int i = 0; i < POOL; i++) classOf.put("pr" + r + "x" + i, "pr" + r);
        List<String[]> analogies = new ArrayList<>();
        for (int g1 = 0; g1 < groups; g1++) for (int g2 = 0; g2 < groups; g2++) for (int r1 = 0; r1 < roles; r1++) for (int r2 = 0; r2 < roles; r2++) {
            if (g1 != g2 && r1 != r2) analogies.add(new String[] {"g" + g1 + "r" + r1, "g" + g1 + "r" + r2, "g" + g2 + "r" + r1, "g" + g2 + "r" + r2});
        }
        List<List<String>> text = new ArrayList<>(lines);
        for (int l = 0; l < lines; l++) {
            List<String> line = new ArrayList<>();
            if (rng.nextInt(3) < 2) {
                int k = rng.nextInt(classes);
                for (int i = 0; i < LINE_WORDS; i++) {
                    line.add("c" + k + "w" + rng.nextInt(wordsPerClass));
                    k = rng.nextDouble() < 0.7 ? (k + 1) % classes : other[k];
                }
            } else {
                int g = rng.nextInt(groups), r = rng.nextInt(roles);
                for (int i = 0; i < CONTEXT; i++) line.add(rng.nextBoolean() ? "pg" + g + "x" + rng.nextInt(POOL) : "pr" + r + "x" + rng.nextInt(POOL));
                line.add(CONTEXT / 2, "g" + g + "r" + r);
            }
            text.add(line);
        }
        return new PlantedCorpus(Collections.unmodifiableList(text), Map.copyOf(classOf), List.copyOf(analogies));
    }

    /** The corpus's usual size for tests and benchmarks: 10 classes of 20 words, 6 groups × 4 roles. */
    public static PlantedCorpus standard(int lines, SplittableRandom rng) {
        return generate(10, 20, 6, 4, lines, rng);
    }

    /**
     * The share of each word's k nearest neighbours that are of its class, averaged
     * over the words with a class; and the share of analogies whose best answer is the planted one.
     */
    public Scores score(Embeddings vectors, int k) {
        double share = 0;
        int scored = 0;
        for (var e : classOf.entrySet()) {
            if (vectors.vector(e.getKey()) == null) continue;
            var near = vectors.nearest(e.getKey(), k);
            share += near.stream().filter(n -> e.getValue().equals(classOf.get(n.word()))).count() / (double) k;
            scored++;
        }
        int solved = 0;
        for (String[] a : analogies) {
            if (vectors.vector(a[0]) == null || vectors.vector(a[1]) == null || vectors.vector(a[2]) == null) continue;
            if (vectors.analogy(a[0], a[1], a[2], 1).get(0).word().equals(a[3])) solved++;
        }
        return new Scores(scored == 0 ? 0 : share / scored, solved / (double) analogies.size());
    }
}
