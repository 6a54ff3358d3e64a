package org.rnn4j.task;

import java.util.List;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;

/**
 * The architecture choices the command line offers, shared by every task: cell, H, L, directions, E, dropout,
 * (for seq2seq) the attention score, null for none, and (for classify and regress) how the steps are pooled into
 * one vector, and (for caption on images) the convolutions' kernel size and the filters of each block. A task turns
 * them into its model's config. {@code forgetBias}: null to initialise an LSTM as PyTorch does, or the bias its
 * forget gate starts at.
 */
public record ModelOptions(CellType cell, int hidden, int layers, boolean bidirectional, int embedding, float dropout, Attention.Score attention,
                           Pooling pooling, int kernel, List<Integer> filters, Float forgetBias, RnnStack.Stacking stacking) {
    public ModelOptions {
        if (stacking == null) stacking = RnnStack.Stacking.PLAIN;
    }

    /** Initialised as PyTorch initialises its layers. */
    public ModelOptions(CellType cell, int hidden, int layers, boolean bidirectional, int embedding, float dropout, Attention.Score attention,
                        Pooling pooling, int kernel, List<Integer> filters) {
        this(cell, hidden, layers, bidirectional, embedding, dropout, attention, pooling, kernel, filters, null, RnnStack.Stacking.PLAIN);
    }

    /** A plain stack. */
    public ModelOptions(CellType cell, int hidden, int layers, boolean bidirectional, int embedding, float dropout, Attention.Score attention,
                        Pooling pooling, int kernel, List<Integer> filters, Float forgetBias) {
        this(cell, hidden, layers, bidirectional, embedding, dropout, attention, pooling, kernel, filters, forgetBias, RnnStack.Stacking.PLAIN);
    }

    public RnnSpec rnn() {
        return new RnnSpec(cell, hidden, layers, bidirectional, dropout, forgetBias, stacking);
    }

    /** The same body with one direction (decoders, language models). */
    public RnnSpec unidirectional() {
        return rnn().unidirectional();
    }
}
