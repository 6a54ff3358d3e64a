package org.rnn4j.model;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Turns a list of sequences into one zero-padded batch [B, T, F] with its lengths: token ids through an
 * embedding ({@code embedding.weight}), feature vectors as they are. T is the longest length in the batch,
 * never a fixed maximum.
 */
final class InputLayer {
    /** A padded batch: {@code x} [B, T, F] and the true lengths int[B]. */
    record Padded(Tensor x, int[] lengths) {
        int batch() { return lengths.length; }
        int steps() { return x.dim(1); }
    }

    private final InputSpec spec;
    private final Embedding embedding;

    InputLayer(InputSpec spec, Compute compute, RandomGenerator rng) {
        this.spec = spec;
        this.embedding = spec instanceof InputSpec.Tokens t ? new Embedding(t.vocab(), t.embedding(), compute, rng) : null;
    }

    List<Param> params() {
        return embedding == null ? List.of() : embedding.params().stream().map(p -> p.withPrefix("embedding.")).toList();
    }

    Padded forward(List<? extends Seq> batch) {
        if (batch.isEmpty()) throw new IllegalArgumentException("empty batch");
        int b = batch.size(), steps = 1;
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = batch.get(i).length();
            steps = Math.max(steps, lengths[i]);
        }
        if (spec instanceof InputSpec.Tokens) {
            int[] ids = new int[b * steps];
            for (int i = 0; i < b; i++) {
                if (!(batch.get(i) instanceof Seq.Tokens s)) throw new IllegalArgumentException("sequence " + i + " is not token ids; this model reads tokens");
                System.arraycopy(s.ids(), 0, ids, i * steps, s.ids().length);
            }
            return new Padded(embedding.forward(ids, b, steps), lengths);
        }
        int f = spec.width();
        Tensor x = Tensor.zeros(b, steps, f);
        for (int i = 0; i < b; i++) {
            if (!(batch.get(i) instanceof Seq.Vectors s)) throw new IllegalArgumentException("sequence " + i + " is not feature vectors; this model reads vectors of width " + f);
            for (int t = 0; t < s.steps().length; t++) {
                float[] row = s.steps()[t];
                if (row.length != f) throw new IllegalArgumentException("sequence " + i + " step " + t + " has " + row.length + " features, expected " + f);
                System.arraycopy(row, 0, x.data(), (i * steps + t) * f, f);
            }
        }
        return new Padded(x, lengths);
    }

    /** @param dx ∂L/∂x [B, T, F] of the latest forward */
    void backward(Tensor dx) {
        if (embedding != null) embedding.backward(dx);
    }
}
