package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Seq;

/**
 * Batches come from a bounded read-ahead, never from the whole data set: a million-example stream yields its first
 * batch after reading one buffer. Every example appears exactly once per epoch, batches are bucketed by length,
 * and the same seed gives the same batches.
 */
class BatchesTest {
    static final ClassifyTask TASK = new ClassifyTask(Format.TSV, Tokenizer.WORDS, new Vocabulary(Vocabulary.RESERVED), 0, new Labels(List.of("a", "b")), null, null);

    static Stream<Example<Seq, float[]>> examples(int n, AtomicLong read) {
        SplittableRandom r = new SplittableRandom(1);
        return Stream.iterate(0, i -> i + 1).limit(n).peek(i -> read.incrementAndGet())
                .map(i -> new Example<>(i, new Seq.Tokens(new int[r.nextInt(1, 40)]), new float[] {i}));
    }

    @Test
    void readsOnlyOneBufferAhead() {
        AtomicLong read = new AtomicLong();
        var batches = new Batches<>(examples(1_000_000, read), 32, 1000, new SplittableRandom(2), TASK);
        assertEquals(32, batches.next().size());
        assertEquals(1000, read.get(), "examples read to make the first batch");
    }

    @Test
    void everyExampleOnceBucketedAndReproducible() {
        List<List<Example<Seq, float[]>>> first = new ArrayList<>(), again = new ArrayList<>();
        new Batches<>(examples(2500, new AtomicLong()), 32, 1000, new SplittableRandom(3), TASK).forEachRemaining(first::add);
        new Batches<>(examples(2500, new AtomicLong()), 32, 1000, new SplittableRandom(3), TASK).forEachRemaining(again::add);
        Set<Float> seen = new HashSet<>();
        long padding = 0, tokens = 0;
        for (int b = 0; b < first.size(); b++) {
            int max = 0;
            for (var e : first.get(b)) {
                assertTrue(seen.add(e.y()[0]), "example " + e.y()[0] + " twice");
                max = Math.max(max, e.x().length());
            }
            for (var e : first.get(b)) {
                padding += max - e.x().length();
                tokens += e.x().length();
            }
            assertEquals(first.get(b).stream().map(e -> e.y()[0]).toList(), again.get(b).stream().map(e -> e.y()[0]).toList(), "same seed, same batch " + b);
        }
        assertEquals(2500, seen.size());
        assertTrue(padding < 0.05 * tokens, "bucketing keeps padding small: " + padding + " padding steps for " + tokens + " tokens");
    }
}
