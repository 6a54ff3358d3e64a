package org.rnn4j.model;

import java.util.Arrays;
import org.rnn4j.data.Seq;
import org.rnn4j.tensor.Tensor;

/** A model whose recurrent layer can be watched: what it holds after each step of one input, for visualisation. */
public interface HiddenStates {

    /**
     * The recurrent layer's outputs O_t for one sequence, without dropout (for a seq2seq model, the encoder's).
     *
     * @return [T][D·H]: D directions of H units, forward first
     */
    float[][] states(Seq x);

    /** The rows of a one-sequence output [1, T, W] as [T][W]. */
    static float[][] rows(Tensor out) {
        int t = out.dim(1), w = out.dim(2);
        float[][] rows = new float[t][];
        for (int s = 0; s < t; s++) rows[s] = Arrays.copyOfRange(out.data(), s * w, (s + 1) * w);
        return rows;
    }
}
