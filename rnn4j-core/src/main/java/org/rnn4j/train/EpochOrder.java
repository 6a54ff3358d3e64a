package org.rnn4j.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Seq;

/**
 * The batches of one epoch: every example once, in a fresh permutation of the whole data set, whatever its size and
 * order (a file sorted by class, date or length trains as well as a shuffled one).
 *
 * <ol>
 *   <li>The first pass counts the examples and keeps them when at most {@code inMemory} of them exist.</li>
 *   <li>Each epoch draws a permutation of all N examples from its random source.</li>
 *   <li>The permutation is taken in windows of {@code inMemory} examples. A kept data set is simply indexed; a
 *       larger one is gathered by one sequential pass over the source per window, which keeps the examples whose
 *       place in the permutation falls in the window. So memory holds one window, every batch draws from the whole
 *       data set, and each example is parsed exactly as a sequential read parses it, for any file format.</li>
 *   <li>Within a window, pools of {@link #POOL_BATCHES} batches are sorted by length (bucketing: a batch holds
 *       sequences of similar length, so little of it is padding), cut into batches, and the batches of a pool are
 *       shuffled.</li>
 * </ol>
 * The same random source gives the same batches, so a resumed run replays the order of the run it continues.
 */
public final class EpochOrder<X, Y> {
    /** Batches per bucketing pool. */
    static final int POOL_BATCHES = 64;

    private final Supplier<Stream<Example<X, Y>>> source;
    private final int batchSize, inMemory;
    private List<Example<X, Y>> kept;
    private int size = -1, longest;

    /**
     * @param source   the examples in file order, read anew for every pass
     * @param inMemory the most examples held at once (at least {@code batchSize})
     */
    public EpochOrder(Supplier<Stream<Example<X, Y>>> source, int batchSize, int inMemory) {
        if (inMemory < batchSize) throw new IllegalArgumentException("examples in memory (" + inMemory + ") must be at least the batch size " + batchSize);
        this.source = source;
        this.batchSize = batchSize;
        this.inMemory = inMemory;
    }

    /** Examples in memory, for a data set that is already a list. */
    public static <X, Y> EpochOrder<X, Y> of(List<X> x, List<Y> y, int batchSize) {
        if (x.size() != y.size()) throw new IllegalArgumentException(x.size() + " inputs but " + y.size() + " targets");
        List<Example<X, Y>> examples = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) examples.add(new Example<>(i + 1, x.get(i), y.get(i)));
        EpochOrder<X, Y> order = new EpochOrder<>(examples::stream, batchSize, Math.max(batchSize, examples.size()));
        order.kept = examples;
        order.size = examples.size();
        for (Example<X, Y> e : examples) order.longest = Math.max(order.longest, length(e));
        return order;
    }

    /** The number of examples N (the first call reads the source once). */
    public int size() {
        if (size < 0) firstPass();
        return size;
    }

    /** The longest example's length (steps), which sets the largest batch's size in memory. */
    public int longest() {
        size();
        return longest;
    }

    /** Whether the whole data set is held in memory. */
    public boolean inMemory() {
        size();
        return kept != null;
    }

    private void firstPass() {
        List<Example<X, Y>> keep = new ArrayList<>();
        long n = 0;
        try (Stream<Example<X, Y>> s = source.get()) {
            for (Iterator<Example<X, Y>> it = s.iterator(); it.hasNext(); n++) {
                Example<X, Y> e = it.next();
                longest = Math.max(longest, length(e));
                if (keep != null && keep.size() < inMemory) keep.add(e);
                else keep = null;
            }
        }
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("more than 2^31 training examples; split the data into several files");
        size = (int) n;
        kept = keep;
    }

    /** The batches of one epoch, made as they are consumed. */
    public Iterator<List<Example<X, Y>>> batches(RandomGenerator rng) {
        int n = size();
        int[] order = permutation(n, rng);
        return new Iterator<>() {
            private final Deque<List<Example<X, Y>>> ready = new ArrayDeque<>();
            private int windowStart;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && windowStart < n) {
                    int end = (int) Math.min(n, (long) windowStart + inMemory);
                    bucket(window(order, windowStart, end), rng, ready);
                    windowStart = end;
                }
                return !ready.isEmpty();
            }

            @Override
            public List<Example<X, Y>> next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.removeFirst();
            }
        };
    }

    /** The examples at places [from, to) of the permutation, in that order. */
    private List<Example<X, Y>> window(int[] order, int from, int to) {
        List<Example<X, Y>> out = new ArrayList<>(to - from);
        if (kept != null) {
            for (int i = from; i < to; i++) out.add(kept.get(order[i]));
            return out;
        }
        int[] slot = new int[size];                          // example index → its place in the window, or -1
        Arrays.fill(slot, -1);
        for (int i = from; i < to; i++) slot[order[i]] = i - from;
        @SuppressWarnings("unchecked")
        Example<X, Y>[] picked = new Example[to - from];
        int index = 0;
        try (Stream<Example<X, Y>> s = source.get()) {
            for (Iterator<Example<X, Y>> it = s.iterator(); it.hasNext(); index++) {
                Example<X, Y> e = it.next();
                if (index < size && slot[index] >= 0) picked[slot[index]] = e;
            }
        }
        if (index != size) throw new IllegalStateException("the training data changed while training: it held " + size + " examples, now " + index);
        return Arrays.asList(picked);
    }

    private void bucket(List<Example<X, Y>> window, RandomGenerator rng, Deque<List<Example<X, Y>>> ready) {
        Comparator<Example<X, Y>> byLength = Comparator.comparingInt(EpochOrder::length);
        int pool = POOL_BATCHES * batchSize;
        for (int from = 0; from < window.size(); from += pool) {
            List<Example<X, Y>> p = new ArrayList<>(window.subList(from, Math.min(window.size(), from + pool)));
            p.sort(byLength);                                        // stable: equal lengths keep the permuted order
            List<List<Example<X, Y>>> batches = new ArrayList<>();
            for (int b = 0; b < p.size(); b += batchSize) batches.add(p.subList(b, Math.min(p.size(), b + batchSize)));
            for (int i = batches.size() - 1; i > 0; i--) java.util.Collections.swap(batches, i, rng.nextInt(i + 1));
            ready.addAll(batches);
        }
    }

    /** The length batches are bucketed by: the longer of the input sequence and the target tokens (1 for a vector). */
    public static int length(Example<?, ?> e) {
        int n = e.x() instanceof Seq s ? s.length() : 1;
        return e.y() instanceof int[] tokens ? Math.max(n, tokens.length) : n;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
