package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/**
 * A loss over predictions and targets of type Y; returns the value and ∂loss/∂predictions together.
 *
 * @param <Y> the target type: float[] for regression and binary labels, int[] for class ids
 */
public interface Loss<Y> {

    /** The loss value (a mean) and its gradient with respect to {@code pred}, same shape as {@code pred}. */
    record Result(double value, Tensor grad) {}

    Result evaluate(Tensor pred, Y target);
}
