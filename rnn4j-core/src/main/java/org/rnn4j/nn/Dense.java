package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * A fully connected layer {@code y = x weightᵀ + bias}, {@code weight} [out, in], {@code bias} [out], applied to
 * the last dimension: to [B, H] or to every step of [B, T, H]. Initialised from U(-1/√in, 1/√in), as PyTorch.
 */
public final class Dense {
    private final int in, out;
    private final Compute compute;
    private final Param weight, bias;
    private final Transposed weightT;     // [in, out], remade when the weight changes
    private Tensor x;

    public Dense(int in, int out, Compute compute, RandomGenerator rng) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Dense sizes must be positive, got in=" + in + " out=" + out);
        this.in = in;
        this.out = out;
        this.compute = compute;
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = new Param("weight", Init.uniform(rng, bound, out, in));
        this.bias = new Param("bias", Init.uniform(rng, bound, out));
        this.weightT = new Transposed(out, in);
    }

    public List<Param> params() { return List.of(weight, bias); }

    /**
     * @param x [..., in], e.g. [B, H] or [B, T, H]
     * @return [..., out]
     */
    public Tensor forward(Tensor x) {
        int[] shape = x.shape();
        if (shape[shape.length - 1] != in) throw new IllegalArgumentException("Dense expects last dimension " + in + ", got " + x);
        this.x = x;
        int rows = x.size() / in;
        shape[shape.length - 1] = out;
        Tensor y = Tensor.zeros(shape);
        float[] wT = weightT.of(weight.value(), compute);
        if (weightT.lowPrecision() != null) compute.affine(x.data(), 0, weightT.lowPrecision(), bias.value().data(), y.data(), 0, rows);
        else compute.affine(x.data(), 0, wT, 0, bias.value().data(), 0, y.data(), 0, rows, out, in);
        return y;
    }

    /** @param dy ∂L/∂y [..., out]; adds the parameter gradients and returns ∂L/∂x [..., in] */
    public Tensor backward(Tensor dy) {
        int rows = x.size() / in;
        if (dy.size() != rows * out) throw new IllegalArgumentException("Dense backward expects " + rows + "x" + out + " gradients, got " + dy);
        compute.matmulTransAAdd(dy.data(), 0, x.data(), 0, weight.grad().data(), 0, out, in, rows);
        compute.addColumnSums(dy.data(), 0, rows, out, bias.grad().data(), 0);
        Tensor dx = Tensor.zeros(x.shape());
        compute.matmul(dy.data(), 0, weight.value().data(), 0, dx.data(), 0, rows, in, out);
        return dx;
    }
}
