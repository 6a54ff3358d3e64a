package org.rnn4j.train;

/**
 * Updates the parameters it was built with from their gradients. Order of use per training step: zero the
 * gradients ({@link Gradients#zero}), forward, loss, backward, optionally {@link Gradients#clipGlobalNorm},
 * then {@link #step()}. Optimizer state is shaped like the parameters. The update rules are PyTorch's.
 */
public interface Optimizer {

    /** Applies one update to every parameter from its current gradient. */
    void step();

    /** The learning rate, for schedules. */
    double learningRate();

    void setLearningRate(double lr);
}
