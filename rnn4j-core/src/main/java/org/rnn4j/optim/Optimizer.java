package org.rnn4j.optim;

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
     * The optimizer's state (momentum buffers, running averages, the step count) as the live arrays, named by PyTorch's
     * state key and the parameter ({@code exp_avg.rnn.weight_ih_l0}, {@code step}): a checkpoint saves them by name,
     * and a resumed run restores them by copying into them.
     */
    java.util.Map<String, float[]> state();

    /** Each parameter's array of one kind of state under {@code key.parameter-name}, in parameter order. */
    static java.util.Map<String, float[]> named(String key, java.util.List<org.rnn4j.nn.Param> params, float[][] arrays) {
        java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) if (arrays[i] != null) out.put(key + "." + params.get(i).name(), arrays[i]);
        return out;
    }
}
