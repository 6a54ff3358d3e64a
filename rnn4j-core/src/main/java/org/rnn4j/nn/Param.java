package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/**
 * A trainable tensor with its gradient, named as in PyTorch ({@code weight_ih_l0}, {@code bias}, ...).
 * Backward passes add into {@code grad}; the trainer zeroes it once per step.
 */
public record Param(String name, Tensor value, Tensor grad) {

    /** A parameter with a zero gradient of the same shape. */
    public Param(String name, Tensor value) {
        this(name, value, Tensor.zeros(value.shape()));
    }

    /** The same tensors under the name {@code prefix + name} (module paths such as {@code rnn.}). */
    public Param withPrefix(String prefix) {
        return new Param(prefix + name, value, grad);
    }

    public void zeroGrad() {
        grad.fill(0f);
    }
}
