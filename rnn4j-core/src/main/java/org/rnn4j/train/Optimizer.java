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

    /**
     * The optimizer's state (momentum buffers, running averages, the step count), as the live arrays, in a fixed
     * order: a checkpoint saves them, and a resumed run restores them by copying into them.
     */
    java.util.List<float[]> state();
}
