package org.rnn4j.train;

import java.util.random.RandomGenerator;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Tensor;

/**
 * Truncated backpropagation through time: the sequence is cut into chunks of k steps; each chunk is run
 * forward from the state the previous chunk ended in, and backward only within itself (the carried state is
 * a constant to the chunk's gradient). With k ≥ T it is full BPTT.
 */
public final class TruncatedBptt {
    private TruncatedBptt() {}

    /** The loss of one chunk: returns ∂L/∂out for out [B, k', H] of steps [start, start + k'). */
    @FunctionalInterface
    public interface ChunkLoss {
        Tensor gradient(Tensor out, int start, int[] chunkLengths);
    }

    /**
     * @param x       [B, T, F]
     * @param lengths int[B] true lengths
     * @param k       steps per chunk, ≥ 1
     * @param init    the state before step 0, or null for zeros
     * @param update  run after each chunk's backward (clip, optimizer step, zero the gradients)
     * @return the state after the last step
     */
    public static State run(SequenceLayer layer, Tensor x, int[] lengths, int k, State init, RandomGenerator rng,
                            ChunkLoss loss, Runnable update) {
        if (k < 1) throw new IllegalArgumentException("truncation length k must be at least 1, got " + k);
        int B = x.dim(0), T = x.dim(1), F = x.dim(2);
        State state = init;
        for (int start = 0; start < T; start += k) {
            int len = Math.min(k, T - start);
            Tensor chunk = Tensor.zeros(B, len, F);
            int[] chunkLengths = new int[B];
            for (int b = 0; b < B; b++) {
                System.arraycopy(x.data(), (b * T + start) * F, chunk.data(), b * len * F, len * F);
                chunkLengths[b] = Math.max(0, Math.min(len, lengths[b] - start));
            }
            SequenceLayer.Output out = layer.forward(chunk, chunkLengths, state, rng);
            layer.backward(loss.gradient(out.out(), start, chunkLengths), null);
            update.run();
            state = out.last();
        }
        return state;
    }
}
