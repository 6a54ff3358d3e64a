package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/**
 * The element-wise math of a GRU step after its r and z gates, one row at a time, forward and backward side by
 * side: {@code n = tanh(xp_n + r·hp_n)}, {@code h_t = (1 - z)·n + z·h_{t-1}}, and its derivatives, those of r and
 * z included. {@link PlainGru} is the reference; {@link VectorGru} computes the same bits on the Vector API.
 */
interface GruMath {

    /**
     * What the steps keep for backward, row by row (a row is one batch row of one kept step): {@code act}
     * [rows, 3H] the activated r, z, n; {@code hpn} [rows, H] the hidden projection of n, hp_n.
     */
    record Cache(int hidden, float[] act, float[] hpn) {}

    /** The Vector API's when the kernels are, else the reference. */
    static GruMath of(Kernels k) {
        return k.vectorApi() ? new VectorGru(k) : new PlainGru(k);
    }

    /**
     * Given the row's activated r and z and its hp_n: n into the row's {@code act}, and h_t [H] at hNext from
     * h_{t-1} at hPrev (both in h), with xp_n [H] at xnOff.
     */
    void state(Cache m, int row, float[] xp, int xnOff, float[] h, int hPrev, int hNext);

    /**
     * Backward of {@code row}: reads ∂L/∂h [H] at dhOff (replaced by its direct part towards h_{t-1}, z·∂L/∂h) and
     * h_{t-1} at hPrev; writes the pre-activation gradients of r, z, n [3H] to dxp at dxpOff, and those of the hidden
     * projection [3H] to dhp at dhpOff.
     */
    void backward(Cache m, int row, float[] h, int hPrev, float[] dh, int dhOff, float[] dxp, int dxpOff, float[] dhp, int dhpOff);
}
