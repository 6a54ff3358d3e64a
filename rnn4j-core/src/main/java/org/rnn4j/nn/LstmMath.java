package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/**
 * The element-wise math of an LSTM step, one row at a time, forward and backward side by side:
 * {@code c_t = f·c_{t-1} + i·g}, {@code h_t = o·tanh(c_t)}, and its derivatives. {@link PlainLstm} is the
 * reference; {@link VectorLstm} computes the same bits on the Vector API.
 */
interface LstmMath {

    /**
     * What the steps keep for backward, row by row (a row is one batch row of one kept step):
     * {@code gates} [rows, 4H] the activated i, f, g, o; {@code c} [rows + B, H] the cell states, c_0 first;
     * {@code tanhC} [rows, H] tanh(c_t); {@code dc} [B, H] ∂L/∂c carried backwards between steps.
     */
    record Cache(int hidden, float[] gates, float[] c, float[] tanhC, float[] dc) {}

    /** The Vector API's when the kernels are, else the reference. */
    static LstmMath of(Kernels k) {
        return k.vectorApi() ? new VectorLstm(k) : new PlainLstm(k);
    }

    /**
     * Given the activated gates of {@code row}: {@code c_t} at cNext from c_{t-1} at cPrev (offsets into
     * {@code m.c}), tanh(c_t) into the row's {@code tanhC}, and {@code h_t} [H] into h at hOff.
     */
    void state(Cache m, int row, int cPrev, int cNext, float[] h, int hOff);

    /**
     * Backward of {@code row}, whose c_{t-1} and tanh(c_t) are at {@code row·H}: reads ∂L/∂h [H] at dhOff (then zeroes
     * it) and batch row b's ∂L/∂c (replaced by ∂L/∂c_{t-1} = ∂L/∂c·f); writes the gates' pre-activation gradients
     * [4H] to both dxp at dxpOff and dhp at dhpOff.
     */
    void backward(Cache m, int row, int b, float[] dh, int dhOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff);
}
