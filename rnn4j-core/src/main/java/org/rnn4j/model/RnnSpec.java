package org.rnn4j.model;

import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;

/**
 * The recurrent body of a model: cell, hidden size H, layers L, directions, and dropout: between layers (as PyTorch
 * applies it) and on the features entering the model's output layer, so it acts on a one-layer model too.
 * The input size comes from the model's input. Every weight starts as PyTorch draws it; {@code forgetBias}, when
 * not null, starts an LSTM's forget gate at that bias instead (Keras' {@code unit_forget_bias}: 1).
 */
public record RnnSpec(CellType cell, int hidden, int layers, boolean bidirectional, float dropout, Float forgetBias, RnnStack.Stacking stacking) {
    public RnnSpec {
        if (cell == null) throw new IllegalArgumentException("cell is required");
        if (hidden < 1) throw new IllegalArgumentException("hidden size must be at least 1, got " + hidden);
        if (stacking == null) stacking = RnnStack.Stacking.PLAIN;                           // files written before it existed
        new RnnStack.Config(cell, 1, hidden, layers, bidirectional, dropout, forgetBias, stacking);     // validates layers, dropout, the bias, the stacking
    }

    /** Initialised as PyTorch initialises its layers. */
    public RnnSpec(CellType cell, int hidden, int layers, boolean bidirectional, float dropout) {
        this(cell, hidden, layers, bidirectional, dropout, null, RnnStack.Stacking.PLAIN);
    }

    /** A plain stack. */
    public RnnSpec(CellType cell, int hidden, int layers, boolean bidirectional, float dropout, Float forgetBias) {
        this(cell, hidden, layers, bidirectional, dropout, forgetBias, RnnStack.Stacking.PLAIN);
    }

    /** The same body reading left to right only (decoders). */
    public RnnSpec unidirectional() {
        return new RnnSpec(cell, hidden, layers, false, dropout, forgetBias, stacking);
    }

    /** {@code reader}, when this body reads left to right only: a bidirectional one needs the whole sequence to stream. */
    <T> T requireUnidirectional(T reader) {
        if (bidirectional) throw new IllegalStateException("a bidirectional model reads the whole sequence; it cannot stream");
        return reader;
    }

    /**
     * The parameters of this body reading {@code inputSize} features: L layers of D directions, each weight_ih [G, in],
     * weight_hh [G, H] and two biases [G], or for a cell parallel over time weight_ih and bias_ih alone. Computed
     * without building it.
     *
     * @throws ArithmeticException when the count overflows a long
     */
    public long parameters(int inputSize) {
        long g = Math.multiplyExact((long) cell.gates(), hidden), d = bidirectional ? 2 : 1, n = 0;
        for (int l = 0; l < layers; l++) {
            long in = l == 0 ? inputSize : d * hidden;
            long layer = cell.parallelOverTime() ? Math.multiplyExact(g, in + 1) : Math.addExact(Math.multiplyExact(g, Math.addExact(in, hidden)), 2 * g);
            n = Math.addExact(n, Math.multiplyExact(d, layer));
            if (l > 0 && stacking.layerNorm()) n = Math.addExact(n, 2 * d * hidden);
        }
        return n;
    }

    /** One unidirectional layer of {@code hidden} units, no dropout. */
    public static RnnSpec of(CellType cell, int hidden) {
        return new RnnSpec(cell, hidden, 1, false, 0f);
    }

    public RnnStack.Config stack(int inputSize) {
        return new RnnStack.Config(cell, inputSize, hidden, layers, bidirectional, dropout, forgetBias, stacking);
    }

    /** D·H. */
    public int outputSize() { return (bidirectional ? 2 : 1) * hidden; }
}
