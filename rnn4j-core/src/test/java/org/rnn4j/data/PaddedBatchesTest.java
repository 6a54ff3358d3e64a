package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PaddedBatchesTest {
    @Test
    void aBatchGrowsWhileItsPaddingStaysWithinTheBound() {
        int[] lengths = {10, 9, 8, 2, 2, 1};
        // 10, 9, 8: 30 padded steps for 27 (1.11); with the 2 it would be 40 for 29 (1.38 > 1.25)
        assertEquals(List.of("[0, 3]", "[3, 6]"), PaddedBatches.cut(lengths, 1.25, Long.MAX_VALUE).stream().map(Arrays::toString).toList());
        // at most 25 padded steps: 10 and 9 (20), then 8 alone (8 and 2 would be 16 for 10)
        assertEquals(List.of("[0, 2]", "[2, 3]", "[3, 6]"), PaddedBatches.cut(lengths, 1.25, 25).stream().map(Arrays::toString).toList());
        assertEquals(List.of(), PaddedBatches.cut(new int[0], 1.25, 100));
        assertArrayEquals(new int[] {0, 1}, PaddedBatches.cut(new int[] {500}, 1.25, 100).get(0), "a row longer than the cells is a batch of its own");
    }

    @Test
    void everyRowIsInOneBatchInOrderAndEveryBatchKeepsTheBounds() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            int[] lengths = rng.ints(rng.nextInt(1, 60), 1, 300).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
            double padding = 1 + rng.nextDouble(2);
            long cells = rng.nextLong(1, 5000);
            int next = 0;
            for (int[] b : PaddedBatches.cut(lengths, padding, cells)) {
                assertEquals(next, b[0], "contiguous");
                assertTrue(b[1] > b[0], "not empty");
                long padded = (long) lengths[b[0]] * (b[1] - b[0]), steps = Arrays.stream(lengths, b[0], b[1]).sum();
                assertTrue(b[1] - b[0] == 1 || (padded <= padding * steps && padded <= cells), "bounds of " + Arrays.toString(b));
                if (b[1] < lengths.length) {
                    long more = (long) lengths[b[0]] * (b[1] - b[0] + 1);
                    assertTrue(more > padding * (steps + lengths[b[1]]) || more > cells, "the next row did not fit");
                }
                next = b[1];
            }
            assertEquals(lengths.length, next, "every row");
        }
    }
}
