package org.rnn4j.bench;

/**
 * The floating-point work of the workloads' matrix products, 2 FLOPs per multiply-add, as GFLOP/s figures count
 * it: the recurrent layers' input and recurrent products, the dense layers, and general attention. Elementwise
 * work (gates, softmax, losses) is left out. A training step counts three times its forward products: the forward
 * product, and backward the product for the weights' gradient and the one for the input's.
 */
final class Flops {
    private Flops() {}

    /** A training step of a model whose forward products cost {@code forward}. */
    static double training(double forward) {
        return 3 * forward;
    }

    /**
     * @param rows   B·T, the steps read
     * @param gates  1 (Elman), 3 (GRU), 4 (LSTM)
     */
    static double recurrent(int rows, int gates, int input, int hidden) {
        return 2.0 * rows * gates * hidden * (input + hidden);
    }

    static double dense(int rows, int in, int out) {
        return 2.0 * rows * in * out;
    }

    /** Luong general attention over {@code sources} keys for {@code queries} decoder steps per example, and the combine layer. */
    static double generalAttention(int batch, int queries, int sources, int hidden) {
        return dense(batch * sources, hidden, hidden) + 2 * (2.0 * batch * queries * sources * hidden) + dense(batch * queries, 2 * hidden, hidden);
    }

    /** W4, W5 and I3's encoder-decoder forward: GRU(256) over 20 source and 20 target steps of E 128, Dense(1000), and attention if asked. */
    static double seq2seq(int batch, boolean attention) {
        double f = 2 * recurrent(batch * 20, 3, 128, 256) + dense(batch * 20, 256, 1000);
        return attention ? f + generalAttention(batch, 20, 20, 256) : f;
    }
}
