package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;

/**
 * Greedy, sampling and beam search: width 1 is greedy; width k gives k distinct sequences sorted by score; and
 * on a tiny vocabulary, scores and rankings agree with enumerating every sequence by brute force.
 */
class DecodingTest {
    static final int V = 3, EOS = 0, MAX = 4;

    /** A toy model: the next token's logits are a fixed random function of the whole prefix. */
    record Toy(long seed) implements Decoding.Generator<List<Integer>> {
        float[] logits(List<Integer> prefix) {
            SplittableRandom r = new SplittableRandom(seed * 31 + prefix.hashCode());
            float[] l = new float[V];
            for (int i = 0; i < V; i++) l[i] = (float) (r.nextGaussian() * 2);
            return l;
        }

        @Override public Decoding.Step<List<Integer>> start() { return new Decoding.Step<>(List.of(), logits(List.of())); }

        @Override
        public Decoding.Step<List<Integer>> next(List<Integer> state, int token) {
            List<Integer> p = new ArrayList<>(state);
            p.add(token);
            return new Decoding.Step<>(List.copyOf(p), logits(p));
        }
    }

    /** Every sequence of at most MAX tokens: those ended by EOS within MAX, and the unfinished ones of length MAX. */
    static List<Decoding.Hypothesis> bruteForce(Toy toy, double alpha) {
        List<Decoding.Hypothesis> all = new ArrayList<>();
        enumerate(toy, new ArrayList<>(), 0, alpha, all);
        all.sort(Comparator.comparingDouble(Decoding.Hypothesis::score).reversed());
        return all;
    }

    private static void enumerate(Toy toy, List<Integer> prefix, double logProb, double alpha, List<Decoding.Hypothesis> out) {
        int[] tokens = prefix.stream().mapToInt(Integer::intValue).toArray();
        if (prefix.size() == MAX) {
            out.add(new Decoding.Hypothesis(tokens, logProb, norm(logProb, MAX, alpha), false));
            return;
        }
        double[] lp = Decoding.logSoftmax(toy.logits(prefix), 1.0);
        out.add(new Decoding.Hypothesis(tokens, logProb + lp[EOS], norm(logProb + lp[EOS], prefix.size() + 1, alpha), true));
        for (int v = 0; v < V; v++) {
            if (v == EOS) continue;
            List<Integer> p = new ArrayList<>(prefix);
            p.add(v);
            enumerate(toy, p, logProb + lp[v], alpha, out);
        }
    }

    static double norm(double lp, int len, double alpha) {
        return alpha == 0 ? lp : lp / Math.pow(len, alpha);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void widthOneIsGreedy(long seed) {
        Toy toy = new Toy(seed);
        var greedy = Decoding.run(toy, new Decoding.Greedy(), EOS, MAX, null).get(0);
        var beam = Decoding.run(toy, new Decoding.Beam(1, 0), EOS, MAX, null);
        assertEquals(1, beam.size());
        assertArrayEquals(greedy.tokens(), beam.get(0).tokens());
        assertEquals(greedy.logProb(), beam.get(0).logProb(), 1e-9);
        assertEquals(greedy.finished(), beam.get(0).finished());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.7, 1.0})
    void scoresAndRankingAgreeWithBruteForce(double alpha) {
        for (long seed = 1; seed <= 5; seed++) {
            Toy toy = new Toy(seed);
            List<Decoding.Hypothesis> all = bruteForce(toy, alpha);
            // a beam as wide as the whole tree is exhaustive: its top k is the brute-force top k
            List<Decoding.Hypothesis> wide = Decoding.run(toy, new Decoding.Beam(200, alpha), EOS, MAX, null);
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(all.get(i).tokens(), wide.get(i).tokens(), "seed " + seed + " rank " + i);
                assertEquals(all.get(i).score(), wide.get(i).score(), 1e-9);
            }
            // a narrow beam: k distinct sequences, sorted, each scored exactly as the enumeration scores it
            List<Decoding.Hypothesis> narrow = Decoding.run(toy, new Decoding.Beam(3, alpha), EOS, MAX, null);
            assertEquals(3, narrow.size());
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < narrow.size(); i++) {
                var h = narrow.get(i);
                assertTrue(distinct.add(Arrays.toString(h.tokens()) + h.finished()), "duplicate " + Arrays.toString(h.tokens()));
                if (i > 0) assertTrue(narrow.get(i - 1).score() >= h.score(), "not sorted by score");
                var same = all.stream().filter(a -> Arrays.equals(a.tokens(), h.tokens()) && a.finished() == h.finished()).findFirst().orElseThrow();
                assertEquals(same.score(), h.score(), 1e-9);
                assertEquals(same.logProb(), h.logProb(), 1e-9);
            }
            // the best beam can never beat the best sequence there is
            assertTrue(narrow.get(0).score() <= all.get(0).score() + 1e-12);
        }
    }

    @Test
    void beamOnARealModelReturnsKDistinctSortedSequencesAndWidthOneIsGreedy() {
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(6, 4), 6, 4, RnnSpec.of(CellType.GRU, 8), Attention.Score.GENERAL, 2, 3), Compute.auto(), new SplittableRandom(1));
        Seq src = Seq.of(4, 5, 1);
        var greedy = m.generate(src, new Decoding.Greedy(), 6, null).get(0);
        assertArrayEquals(greedy.tokens(), m.generate(src, new Decoding.Beam(1, 1.0), 6, null).get(0).tokens());
        var ten = m.generate(src, new Decoding.Beam(10, 1.0), 6, null);
        assertEquals(10, ten.size());
        assertEquals(10, ten.stream().map(h -> Arrays.toString(h.tokens()) + h.finished()).distinct().count());
        for (int i = 1; i < ten.size(); i++) assertTrue(ten.get(i - 1).score() >= ten.get(i).score());
    }

    @Test
    void samplingFollowsTemperatureAndTopK() {
        Toy toy = new Toy(11);
        float[] first = toy.start().logits();
        double[] p = Decoding.logSoftmax(first, 1.0);
        int best = Decoding.argmax(p);
        SplittableRandom r = new SplittableRandom(3);
        int[] counts = new int[V];
        for (int i = 0; i < 20000; i++) counts[Decoding.run(toy, new Decoding.Sample(1.0, 0), -1, 1, r).get(0).tokens()[0]]++;
        for (int v = 0; v < V; v++) assertEquals(Math.exp(p[v]), counts[v] / 20000.0, 0.015, "frequency of token " + v);
        for (int i = 0; i < 200; i++) assertEquals(best, Decoding.run(toy, new Decoding.Sample(1.0, 1), -1, 1, r).get(0).tokens()[0], "top-1 sampling is greedy");
        int lowTempBest = 0;
        for (int i = 0; i < 1000; i++) if (Decoding.run(toy, new Decoding.Sample(0.05, 0), -1, 1, r).get(0).tokens()[0] == best) lowTempBest++;
        assertTrue(lowTempBest > 990, "a low temperature should almost always pick the best token: " + lowTempBest);
    }
}
