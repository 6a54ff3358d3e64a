package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Dropout;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * The token-writing half of the generating models (one-to-many, encoder-decoder): previous token → embedding →
 * unidirectional RNN from a given initial state → (optionally) attention over encoder outputs → logits [V].
 * With attention, as in Luong et al.: {@code h̃ = tanh(combine([c; h]))}, {@code logits = out(h̃)}; without,
 * {@code logits = out(h)}. Trained on whole target sequences at once (teacher forcing); generates a step at a time.
 * Modules: {@code embedding.weight}, {@code rnn.*}, {@code attention.*}, {@code combine.*}, {@code out.*}.
 */
final class TokenDecoder {
    /** The gradients a decoder hands back: ∂L/∂initial state and ∂L/∂encoder outputs (null without attention). */
    record Grads(State dInit, Tensor dKeys) {}

    /** The result of a forward pass: logits [B, T, V] and the last state [L, B, H]. */
    record Out(Tensor logits, State last) {}

    private final Compute compute;
    private final Embedding embedding;
    private final RnnStack rnn;
    private final Attention attention;
    private final Dense combine, out;
    private final Dropout dropout;
    private Tensor combined;

    /** @param attention the score function, or null for none; @param keyDim the encoder output width Hk */
    TokenDecoder(int vocab, int embeddingDim, RnnSpec spec, Attention.Score attention, int keyDim, Compute compute, RandomGenerator rng) {
        if (spec.bidirectional()) throw new IllegalArgumentException("a decoder writes left to right; it cannot be bidirectional");
        this.compute = compute;
        this.embedding = new Embedding(vocab, embeddingDim, compute, rng);
        this.rnn = new RnnStack(spec.stack(embeddingDim), compute, rng);
        this.attention = attention == null ? null : new Attention(attention, spec.hidden(), keyDim, compute, rng);
        this.combine = attention == null ? null : new Dense(keyDim + spec.hidden(), spec.hidden(), compute, rng);
        this.dropout = new Dropout(spec.dropout());
        this.out = new Dense(spec.hidden(), vocab, compute, rng);
    }

    List<Param> params() {
        List<Param> ps = new ArrayList<>();
        embedding.params().forEach(p -> ps.add(p.withPrefix("embedding.")));
        rnn.params().forEach(p -> ps.add(p.withPrefix("rnn.")));
        if (attention != null) {
            attention.params().forEach(p -> ps.add(p.withPrefix("attention.")));
            combine.params().forEach(p -> ps.add(p.withPrefix("combine.")));
        }
        out.params().forEach(p -> ps.add(p.withPrefix("out.")));
        return ps;
    }

    Attention attention() { return attention; }

    /**
     * @param ids     [B, T] input tokens (teacher forcing: bos, y_1, ..., y_{T-1})
     * @param lengths int[B] true lengths
     * @param init    initial state [L, B, H]
     * @param memory  encoder outputs to attend over, or null without attention
     * @return logits [B, T, V] and the last state [L, B, H]
     */
    Out forward(int[] ids, int[] lengths, int steps, State init, Attention.Memory memory, RandomGenerator rng) {
        int b = lengths.length;
        SequenceLayer.Output o = rnn.forward(embedding.forward(ids, b, steps), lengths, init, rng);
        if (attention == null) return new Out(out.forward(dropout.forward(o.out(), rng)), o.last());
        Tensor h = o.out(), context = attention.forward(h, memory);
        int hk = context.dim(2), hd = h.dim(2);
        Tensor cat = Tensor.zeros(b, steps, hk + hd);
        for (int r = 0; r < b * steps; r++) {
            System.arraycopy(context.data(), r * hk, cat.data(), r * (hk + hd), hk);
            System.arraycopy(h.data(), r * hd, cat.data(), r * (hk + hd) + hk, hd);
        }
        combined = combine.forward(cat);
        compute.tanh(combined.data(), 0, combined.data(), 0, combined.size());
        return new Out(out.forward(dropout.forward(combined, rng)), o.last());
    }

    /** @param dLogits ∂L/∂logits [B, T, V] of the latest forward */
    Grads backward(Tensor dLogits) {
        Tensor dh = dropout.backward(out.backward(dLogits));
        Tensor dKeys = null;
        if (attention != null) {
            compute.tanhBackward(combined.data(), 0, dh.data(), 0, dh.data(), 0, dh.size());   // backprop through tanh
            Tensor dCat = combine.backward(dh);
            int rows = dh.size() / dh.dim(2), hd = dh.dim(2), hk = dCat.dim(2) - hd;
            Tensor dContext = Tensor.zeros(dh.dim(0), dh.dim(1), hk);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dCat.data(), r * (hk + hd), dContext.data(), r * hk, hk);
                System.arraycopy(dCat.data(), r * (hk + hd) + hk, dh.data(), r * hd, hd);
            }
            Attention.Grads g = attention.backward(dContext);
            float[] d = dh.data(), dq = g.dQuery().data();
            for (int i = 0; i < d.length; i++) d[i] += dq[i];
            dKeys = g.dKeys();
        }
        SequenceLayer.Grads g = rnn.backward(dh, null);
        embedding.backward(g.dx());
        return new Grads(g.dInit(), dKeys);
    }

    /** One step at inference: feeds {@code token} after {@code state}; the next token's logits [V]. */
    Decoding.Step<State> step(State state, int token, Attention.Memory memory) {
        Out o = forward(new int[] {token}, new int[] {1}, 1, state, memory, null);
        return new Decoding.Step<>(o.last(), o.logits().data());
    }

    /** After backward: the recurrent layer's ‖∂L/∂h_t‖ per step (see {@link RnnStack#stateGradientNorms}). */
    double[][] stateGradientNorms() {
        return rnn.stateGradientNorms();
    }
}
