package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;

/**
 * Every epoch is one permutation of the whole data set, in memory or not: every example once, the first batch drawn
 * from the whole (sorted) data set even when memory holds a tenth of it, batches bucketed by length, and the same
 * random source gives the same batches.
 */
class EpochOrderTest {
    /** n examples in file order; example i has line i + 1 and length 1 + i % 37; {@code passes} counts the reads. */
    static Supplier<Stream<Example<Seq, float[]>>> source(int n, AtomicInteger passes) {
        return () -> {
            passes.incrementAndGet();
            return IntStream.range(0, n).mapToObj(i -> new Example<>(i + 1, new Seq.Tokens(new int[1 + i % 37]), new float[] {i}));
        };
    }

    static List<List<Example<Seq, float[]>>> epoch(EpochOrder<Seq, float[]> order, long seed) {
        List<List<Example<Seq, float[]>>> out = new ArrayList<>();
        order.batches(new SplittableRandom(seed)).forEachRemaining(out::add);
        return out;
    }

    static List<Float> ids(List<List<Example<Seq, float[]>>> batches) {
        return batches.stream().flatMap(List::stream).map(e -> e.y()[0]).toList();
    }

    @Test
    void everyExampleOnceInBothModes() {
        for (int inMemory : new int[] {5000, 400}) {
            EpochOrder<Seq, float[]> order = new EpochOrder<>(source(3000, new AtomicInteger()), 32, inMemory);
            assertEquals(inMemory >= 3000, order.inMemory());
            List<Float> seen = ids(epoch(order, 7));
            assertEquals(3000, seen.size());
            assertEquals(3000, new HashSet<>(seen).size(), "an example twice with " + inMemory + " in memory");
        }
    }

    @Test
    void firstBatchDrawsFromTheWholeFileWhenMemoryHoldsATenth() {
        AtomicInteger passes = new AtomicInteger();
        EpochOrder<Seq, float[]> order = new EpochOrder<>(source(10_000, passes), 32, 1000);
        assertEquals(10_000, order.size());
        assertTrue(!order.inMemory());
        List<Example<Seq, float[]>> first = order.batches(new SplittableRandom(1)).next();
        double min = first.stream().mapToLong(Example::line).min().orElseThrow(), max = first.stream().mapToLong(Example::line).max().orElseThrow();
        assertTrue(max - min > 5000, "the first batch spans lines " + min + ".." + max + " of 10000");
        assertEquals(2, passes.get(), "one pass to count, one to gather the first window");
    }

    @Test
    void oneEpochOverALargeFileReadsItOncePerWindow() {
        AtomicInteger passes = new AtomicInteger();
        EpochOrder<Seq, float[]> order = new EpochOrder<>(source(10_000, passes), 32, 1000);
        order.size();
        passes.set(0);
        epoch(order, 3);
        assertEquals(10, passes.get());
    }

    @Test
    void sameSeedSameBatchesOtherEpochOtherOrder() {
        EpochOrder<Seq, float[]> inMemory = new EpochOrder<>(source(2000, new AtomicInteger()), 16, 5000);
        EpochOrder<Seq, float[]> windowed = new EpochOrder<>(source(2000, new AtomicInteger()), 16, 300);
        for (EpochOrder<Seq, float[]> order : List.of(inMemory, windowed)) {
            assertEquals(ids(epoch(order, 11)), ids(epoch(order, 11)));
            assertNotEquals(ids(epoch(order, 11)), ids(epoch(order, 12)));
        }
    }

    @Test
    void batchesAreBucketedByLength() {
        long padding = 0, tokens = 0;
        for (List<Example<Seq, float[]>> b : epoch(new EpochOrder<>(source(5000, new AtomicInteger()), 32, 1_000_000), 5)) {
            int max = b.stream().mapToInt(e -> e.x().length()).max().orElseThrow();
            for (var e : b) {
                padding += max - e.x().length();
                tokens += e.x().length();
            }
        }
        assertTrue(padding < 0.05 * tokens, "padding " + padding + " of " + tokens + " tokens");
    }

    @Test
    void aFileThatChangesUnderneathIsAnError() {
        AtomicInteger passes = new AtomicInteger();
        EpochOrder<Seq, float[]> order = new EpochOrder<>(() -> {
            int n = passes.getAndIncrement() == 0 ? 1000 : 900;
            return IntStream.range(0, n).mapToObj(i -> new Example<>(i + 1, new Seq.Tokens(new int[3]), new float[] {i}));
        }, 10, 100);
        Iterator<List<Example<Seq, float[]>>> batches = order.batches(new SplittableRandom(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, batches::hasNext);
        assertTrue(e.getMessage().contains("changed"), e.getMessage());
    }

    @Test
    void permutationIsUniformEnough() {
        int[] firstPlace = new int[10];
        for (int s = 0; s < 10_000; s++) firstPlace[EpochOrder.permutation(10, new SplittableRandom(s))[0]]++;
        for (int c : firstPlace) assertTrue(c > 850 && c < 1150, "each example first about 1000 times in 10000, got " + c);
        Set<Integer> all = new HashSet<>();
        for (int v : EpochOrder.permutation(100, new SplittableRandom(1))) all.add(v);
        assertEquals(100, all.size());
    }
}
