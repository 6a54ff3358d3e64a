package org.rnn4j.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns {@link Bpe}'s merges: the counts of every pair of neighbouring symbols over the words (times each word's
 * count) are kept up to date as merges are made, only the words holding the merged pair being counted again, and a
 * queue gives the most frequent pair (ties: the left symbol's text, then the right's, in order). Only the pairs
 * {@link Bpe#mergeable} allows are counted; a byte never merges.
 */
final class BpeLearner {
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[][] words;
    private final long[] counts;
    private final Map<Long, Long> pairs = new HashMap<>();
    private final Map<Long, Set<Integer>> holders = new HashMap<>();
    private final Map<Long, Boolean> mergeable = new HashMap<>();
    private final PriorityQueue<long[]> queue;                    // {count, pair}, stale entries skipped

    private BpeLearner(Map<String, Long> words, Set<String> alphabet) {
        Map<String, Long> sorted = new TreeMap<>(words);
        this.words = new int[sorted.size()][];
        this.counts = new long[sorted.size()];
        queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : compare(x[1], y[1]));
        int w = 0;
        for (var e : sorted.entrySet()) {
            this.words[w] = Bpe.symbols(e.getKey(), alphabet).stream().mapToInt(this::id).toArray();
            counts[w] = e.getValue();
            add(w, 1);
            w++;
        }
        pairs.forEach((pair, n) -> queue.add(new long[] {n, pair}));
    }

    /** Up to {@code wanted} merges, in the order learned. */
    static List<Bpe.Merge> learn(Map<String, Long> words, Set<String> alphabet, int wanted) {
        return new BpeLearner(words, alphabet).run(wanted);
    }

    private List<Bpe.Merge> run(int wanted) {
        List<Bpe.Merge> merges = new ArrayList<>();
        while (merges.size() < wanted && !queue.isEmpty()) {
            long[] top = queue.poll();
            Long now = pairs.get(top[1]);
            if (now == null || now != top[0] || now <= 0) continue;           // stale
            int left = (int) (top[1] >>> 32), right = (int) top[1];
            String joined = names.get(left) + names.get(right);
            pairs.remove(top[1]);
            merges.add(new Bpe.Merge(names.get(left), names.get(right)));
            int merged = id(joined);
            Set<Long> changed = new HashSet<>();
            for (int w : new ArrayList<>(holders.getOrDefault(top[1], Set.of()))) {
                changed.addAll(add(w, -1));
                words[w] = merge(words[w], left, right, merged);
                changed.addAll(add(w, 1));
            }
            for (long pair : changed) {
                long n = pairs.getOrDefault(pair, 0L);
                if (n > 0 && pair != top[1]) queue.add(new long[] {n, pair});
            }
            pairs.remove(top[1]);
            holders.remove(top[1]);
        }
        return merges;
    }

    /** Adds (sign 1) or takes away (-1) word {@code w}'s neighbouring pairs, times its count; the pairs touched. */
    private List<Long> add(int w, int sign) {
        int[] s = words[w];
        List<Long> touched = new ArrayList<>(s.length);
        for (int i = 0; i + 1 < s.length; i++) {
            long pair = (long) s[i] << 32 | s[i + 1];
            if (!mergeable.computeIfAbsent(pair, this::mergeable)) continue;
            pairs.merge(pair, sign * counts[w], Long::sum);
            if (sign > 0) holders.computeIfAbsent(pair, k -> new HashSet<>()).add(w);
            touched.add(pair);
        }
        return touched;
    }

    /** Whether the pair may be merged: neither side a byte, and {@link Bpe#mergeable} the two joined. */
    private boolean mergeable(long pair) {
        String left = names.get((int) (pair >>> 32)), right = names.get((int) pair);
        return !Bpe.isByte(left) && !Bpe.isByte(right) && Bpe.mergeable(left + right);
    }

    private static int[] merge(int[] s, int left, int right, int merged) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = s[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private int id(String name) {
        return ids.computeIfAbsent(name, k -> {
            names.add(k);
            return names.size() - 1;
        });
    }

    private int compare(long a, long b) {
        int c = names.get((int) (a >>> 32)).compareTo(names.get((int) (b >>> 32)));
        return c != 0 ? c : names.get((int) a).compareTo(names.get((int) b));
    }
}
