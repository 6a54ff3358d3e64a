package org.rnn4j.nn;

/**
 * A recurrent layer in one direction, as {@link Bidirectional} pairs them: {@link RecurrentLayer} (a cell stepped
 * through time) or {@link MinimalLayer} (a linear recurrence scanned in parallel). One state entry, [1, B, H].
 */
public sealed interface Directional extends SequenceLayer permits RecurrentLayer, MinimalLayer {

    CellType cellType();

    /** H. */
    int hidden();

    /** After backward: ‖∂L/∂h_t‖ [B, T] in this layer's own step order, 0 on padding (a copy). */
    float[] stateGradientNormsByRow();
}
