package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/** One-hot vectors, the course's first encoding of words: id k of a V-word vocabulary → e_k in R^V. */
public final class OneHot {
    private OneHot() {}

    /**
     * @param ids [B, T] token ids, row-major, each in [0, V); ids of padding steps may be anything in range
     * @return [B, T, V]
     */
    public static Tensor encode(int[] ids, int batch, int steps, int vocab) {
        if (ids.length != batch * steps) throw new IllegalArgumentException("ids has " + ids.length + " entries, expected B*T = " + batch * steps);
        Tensor out = Tensor.zeros(batch, steps, vocab);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " is outside [0, " + vocab + ")");
            out.data()[i * vocab + ids[i]] = 1f;
        }
        return out;
    }
}
