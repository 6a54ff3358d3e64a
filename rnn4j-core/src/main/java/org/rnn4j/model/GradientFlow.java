package org.rnn4j.model;

import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Tensor;

/**
 * Measures how much the loss depends on each hidden state: the norm of ∂L/∂h_t for every step t, averaged over
 * the sequences that reach t. This is the course's sum over all paths from O_t to the loss, measured directly:
 * the sequence is split at t, the first part run forward to h_t, and the rest of the network run from h_t as its
 * initial state; the gradient of that initial state is ∂L/∂h_t. A SimpleRNN's curve falls towards early steps
 * (vanishing gradients), an LSTM's much less. Costs T forward and backward passes; uses the top layer's h.
 */
final class GradientFlow {
    private GradientFlow() {}

    /** What a model runs after the split: from the state at t over steps [t, T), returning ∂L/∂(that state). */
    interface Rest {
        State gradient(Tensor x, int[] lengths, State init, int from);
    }

    /** @param x [B, T, F] the padded inputs; @return [T] mean ‖∂L/∂h_t‖ for t = 1..T */
    static double[] measure(RnnStack rnn, Tensor x, int[] lengths, Rest rest) {
        if (rnn.config().bidirectional()) throw new IllegalStateException("gradient flow is measured on unidirectional models");
        int b = x.dim(0), steps = x.dim(1), f = x.dim(2), hidden = rnn.config().hidden(), top = rnn.config().layers() - 1;
        double[] mean = new double[steps];
        for (int t = 1; t <= steps; t++) {
            int[] first = new int[b], second = new int[b];
            for (int i = 0; i < b; i++) {
                first[i] = Math.min(lengths[i], t);
                second[i] = Math.max(0, lengths[i] - t);
            }
            State ht = rnn.forward(slice(x, 0, t), first, null, null).last();
            Tensor after = t < steps ? slice(x, t, steps) : Tensor.zeros(b, 1, f);   // no steps left: the state passes through
            State d = rest.gradient(after, second, ht, t);
            double sum = 0;
            int count = 0;
            for (int i = 0; i < b; i++) {
                if (lengths[i] < t) continue;
                double sq = 0;
                for (int j = 0; j < hidden; j++) {
                    float v = d.h().data()[(top * b + i) * hidden + j];
                    sq += (double) v * v;
                }
                sum += Math.sqrt(sq);
                count++;
            }
            mean[t - 1] = count == 0 ? 0 : sum / count;
        }
        return mean;
    }

    /** Steps [from, to) of x [B, T, F]. */
    static Tensor slice(Tensor x, int from, int to) {
        int b = x.dim(0), steps = x.dim(1), f = x.dim(2), w = to - from;
        Tensor out = Tensor.zeros(b, w, f);
        for (int i = 0; i < b; i++) System.arraycopy(x.data(), (i * steps + from) * f, out.data(), i * w * f, w * f);
        return out;
    }
}
