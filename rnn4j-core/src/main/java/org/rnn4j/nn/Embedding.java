package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * A lookup table {@code weight} [V, E]: token ids [B, T] → vectors [B, T, E]. Backward adds each step's
 * gradient into the row of its token. Initialised from N(0, 1), as PyTorch.
 */
public final class Embedding {
    private final int vocab, dim;
    private final Param weight;
    private final Compute compute;
    private int[] ids;

    public Embedding(int vocab, int dim, Compute compute, RandomGenerator rng) {
        if (vocab < 1 || dim < 1) throw new IllegalArgumentException("vocabulary and embedding size must be positive, got V=" + vocab + " E=" + dim);
        this.vocab = vocab;
        this.dim = dim;
        this.compute = compute;
        this.weight = new Param("weight", Init.normal(rng, vocab, dim));
    }

    public List<Param> params() { return List.of(weight); }

    public int vocabSize() { return vocab; }

    public int dim() { return dim; }

    /**
     * @param ids [B, T] token ids, row-major, each in [0, V)
     * @return [B, T, E]
     */
    public Tensor forward(int[] ids, int batch, int steps) {
        if (ids.length != batch * steps) throw new IllegalArgumentException("ids has " + ids.length + " entries, expected B*T = " + batch * steps);
        this.ids = ids.clone();
        Tensor out = Tensor.zeros(batch, steps, dim);
        float[] w = weight.value().data();
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("token id " + id + " at position " + i + " is outside the vocabulary [0, " + vocab + ")");
            System.arraycopy(w, id * dim, out.data(), i * dim, dim);
        }
        return out;
    }

    /**
     * @param dOut ∂L/∂out [B, T, E]; adds into {@code weight.grad}, in the order of the ids (1·d + g is d + g: the
     * vector kernel's FMA gives the sum's bits)
     */
    public void backward(Tensor dOut) {
        float[] g = weight.grad().data(), d = dOut.data();
        for (int i = 0; i < ids.length; i++) compute.kernels().axpy(1f, d, i * dim, g, ids[i] * dim, dim);
    }
}
