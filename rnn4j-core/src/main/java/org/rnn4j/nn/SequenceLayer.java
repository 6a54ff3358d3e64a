package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * A recurrent layer over a padded batch: one direction ({@link RecurrentLayer}), both directions
 * ({@link Bidirectional}) or several layers ({@link RnnStack}).
 *
 * <p>Order of use: {@code forward}, then at most one {@code backward} for that forward; a backward reads the
 * workspace of the latest forward, so it must come before the next forward of the same layer.
 *
 * <p>Masking (DESIGN.md): sequence b has {@code lengths[b]} true steps; on a padding step the state is carried
 * unchanged, the output is zero and nothing flows back. The last state is the state at step
 * {@code lengths[b] - 1}; a reverse direction starts at that step.
 */
public interface SequenceLayer {

    /** The result of a forward pass: {@code out} [B, T, D·H] and the last state [N, B, H]. */
    record Output(Tensor out, State last) {}

    /** The result of a backward pass: {@code dx} [B, T, F] and the gradient of the initial state [N, B, H]. */
    record Grads(Tensor dx, State dInit) {}

    /**
     * @param x       [B, T, F] inputs
     * @param lengths int[B] true lengths, 0 ≤ lengths[b] ≤ T (0: the state passes through unchanged)
     * @param init    initial state [N, B, H], or null for zeros
     * @param rng     random source for dropout while training, or null at inference (no dropout)
     */
    Output forward(Tensor x, int[] lengths, State init, RandomGenerator rng);

    /**
     * The forward pass at inference (no dropout) when no backward follows: the same outputs, bit for bit, while
     * keeping only what the next step needs rather than every step's caches, so far less memory is written.
     * A backward after it throws {@link IllegalStateException}.
     */
    default Output infer(Tensor x, int[] lengths, State init) {
        return forward(x, lengths, init, null);
    }

    /**
     * The last state of {@link #infer}, without its outputs [B, T, D·H]: what a model that reads only the last
     * state needs (Keras' {@code return_sequences=False}), with less memory written.
     */
    default State inferLast(Tensor x, int[] lengths, State init) {
        return infer(x, lengths, init).last();
    }

    /**
     * Adds the parameter gradients of the latest forward into each {@link Param#grad()}.
     *
     * @param dOut  ∂L/∂out [B, T, D·H], or null if the loss does not read the outputs
     * @param dLast ∂L/∂last state [N, B, H], or null (either part may be null too)
     */
    Grads backward(Tensor dOut, State dLast);

    List<Param> params();

    /** F. */
    int inputSize();

    /** D·H, the width of {@code out}. */
    int outputSize();

    /** N = L·D, the number of state entries. */
    int stateCount();

    /**
     * After {@link #backward}: ‖∂L/∂h_t‖ for every position t of the input, averaged over the sequences that reach
     * t, [D][T] (one row per direction, the top layer's states; the reverse direction mapped back to input
     * positions). This is the whole derivative, the course's sum over every path from h_t to the loss, as backward
     * through time accumulates it at step t.
     */
    double[][] stateGradientNorms();
}
