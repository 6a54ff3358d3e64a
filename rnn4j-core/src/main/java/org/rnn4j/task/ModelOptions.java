package org.rnn4j.task;

import org.rnn4j.model.Attention;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.nn.CellType;

/**
 * The architecture choices the command line offers, shared by every task: cell, H, L, directions, E, dropout
 * and (for seq2seq) the attention score, null for none. A task turns them into its model's config.
 */
public record ModelOptions(CellType cell, int hidden, int layers, boolean bidirectional, int embedding, float dropout, Attention.Score attention) {

    public RnnSpec rnn() {
        return new RnnSpec(cell, hidden, layers, bidirectional, dropout);
    }

    /** The same body with one direction (decoders, language models). */
    public RnnSpec unidirectional() {
        return new RnnSpec(cell, hidden, layers, false, dropout);
    }
}
