package org.rnn4j.cli;

import org.rnn4j.task.ModelOptions;

/**
 * An estimate, before training starts, of the memory a run needs, held against the Java heap: the parameters with
 * their gradients and two optimizer buffers, and the activations of the largest batch (B sequences as long as the
 * longest example) that backpropagation through time keeps for every layer and step. A run that cannot fit is
 * refused with the options to change, instead of failing with an out-of-memory error minutes later.
 */
final class MemoryBudget {
    private MemoryBudget() {}

    /** Refuses, before the model is built, a recurrent body and embedding whose parameters alone would not fit. */
    static void parameters(ModelOptions o, int inputWidth, org.rnn4j.data.Vocabulary vocab, long heap) {
        long n;
        try {
            n = Math.addExact(o.rnn().parameters(inputWidth), vocab == null ? 0 : Math.multiplyExact((long) vocab.size(), o.embedding()));
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE / 16;
        }
        if (16.0 * n > 0.8 * heap) {
            throw new IllegalArgumentException(String.format("a model with %d layer(s) of %d units has about %.3g parameters, %.1f GB with their gradients and optimizer state,"
                    + " more than the %.1f GB Java may use. Lower --hidden, --layers or --embedding, or give Java more memory (RNN4J_JAVA_OPTS=-Xmx...)",
                    o.layers(), o.hidden(), (double) n, 16.0 * n / 1e9, heap / 1e9));
        }
    }

    /**
     * @param parameters the model's parameter count
     * @param inputWidth E or F, what the first layer reads
     * @param batch      B
     * @param longest    the longest example's steps T (of its input or its target, whichever is longer)
     * @param attention  whether a decoder attends over the source: its scores, weights and their gradients are
     *                   [B, T, T] each
     */
    static void check(long parameters, ModelOptions o, int inputWidth, int batch, int longest, boolean attention, long heap) {
        long h = o.hidden(), g = (long) o.cell().gates() * h, d = o.bidirectional() ? 2 : 1;
        double perRowAndLayer = inputWidth + 4.0 * g + 6.0 * h;          // inputs, gate pre-activations and caches, states, outputs
        double activations = 4.0 * batch * (double) longest * o.layers() * d * perRowAndLayer;
        if (attention) activations += 4.0 * batch * (double) longest * longest * 4;
        double need = 16.0 * parameters + activations;
        if (need > 0.8 * heap) {
            throw new IllegalArgumentException(String.format("this run needs about %.1f GB (the parameters, and a batch of %d sequences of up to %d steps through %d layer(s)"
                    + " of %d units), more than the %.1f GB Java may use. Lower --batch, --hidden or --layers, shorten the longest examples (lm: --max-length), or give Java more memory"
                    + " (RNN4J_JAVA_OPTS=-Xmx...)", need / 1e9, batch, longest, o.layers(), o.hidden(), heap / 1e9));
        }
    }
}
