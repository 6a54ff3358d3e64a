package org.rnn4j.spark;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which examples each partition contributes to each step of synchronous training. An epoch has
 * ⌈N / global batch⌉ steps; partition p shuffles its n_p examples with a seed of its own for the epoch and gives
 * ⌈n_p / steps⌉ of them to each step, in order. The global batch of a step is the union of the partitions' shares.
 * A pure function of its arguments, so the driver, the executors and a retried task all agree on it.
 */
final class Shares {
    private Shares() {}

    static int stepsPerEpoch(long examples, int globalBatch) {
        return (int) Math.max(1, (examples + globalBatch - 1) / globalBatch);
    }

    /** The indexes, among a partition's {@code n} examples, that it gives to {@code step} (0-based) of {@code epoch}. */
    static int[] of(int n, int steps, long seed, int epoch, int partition, int step) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epoch * 7_919L + partition);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int per = (n + steps - 1) / steps, from = Math.min(n, step * per);
        return Arrays.copyOfRange(order, from, Math.min(n, from + per));
    }
}
