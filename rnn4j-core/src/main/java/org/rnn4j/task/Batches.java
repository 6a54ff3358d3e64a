package org.rnn4j.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Batches from a stream of examples, without holding the data set: up to {@code buffer} examples are read, shuffled
 * with the epoch's random source, sorted by length (bucketing: a batch holds sequences of similar length, so little
 * of it is padding), cut into batches, and the batches are emitted in a shuffled order. The same random source
 * gives the same batches.
 */
final class Batches<X, Y> implements Iterator<List<Example<X, Y>>> {
    private final Iterator<Example<X, Y>> source;
    private final int batchSize, buffer;
    private final RandomGenerator rng;
    private final Comparator<Example<X, Y>> byLength;
    private final List<List<Example<X, Y>>> ready = new ArrayList<>();

    Batches(Stream<Example<X, Y>> examples, int batchSize, int buffer, RandomGenerator rng, Task<X, Y> task) {
        this.source = examples.iterator();
        this.batchSize = batchSize;
        this.buffer = Math.max(buffer, batchSize);
        this.rng = rng;
        this.byLength = Comparator.comparingInt(task::length);
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty()) fill();
        return !ready.isEmpty();
    }

    @Override
    public List<Example<X, Y>> next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.remove(ready.size() - 1);
    }

    private void fill() {
        List<Example<X, Y>> pool = new ArrayList<>(buffer);
        while (pool.size() < buffer && source.hasNext()) pool.add(source.next());
        if (pool.isEmpty()) return;
        Collections.shuffle(pool, asRandom(rng));
        pool.sort(byLength);                                   // stable: equal lengths keep the shuffled order
        for (int from = 0; from < pool.size(); from += batchSize) ready.add(pool.subList(from, Math.min(pool.size(), from + batchSize)));
        Collections.shuffle(ready, asRandom(rng));
    }

    private static java.util.Random asRandom(RandomGenerator g) {
        return new java.util.Random(g.nextLong());
    }
}
