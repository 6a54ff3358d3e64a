package org.rnn4j.serve;

import java.time.Duration;

/**
 * How the server gathers concurrent predictions of one model into a batch ({@link Batcher}).
 *
 * @param maxBatch most requests in one batch; 1 computes each request alone, as the server did before batching
 * @param maxDelay longest a batch waits for more requests after its first
 */
public record Batching(int maxBatch, Duration maxDelay) {
    /** Each request alone. */
    public static final Batching OFF = new Batching(1, Duration.ZERO);

    public Batching {
        if (maxBatch < 1 || maxDelay.isNegative()) throw new IllegalArgumentException("a batch holds at least 1 request and waits 0 or more ms, got " + maxBatch + " and " + maxDelay);
    }

    boolean on() { return maxBatch > 1; }
}
