package org.rnn4j.nn;

/**
 * One recurrent step for one batch row, forward and backward side by side (PyTorch's cell level).
 *
 * <p>The layer ({@link RecurrentLayer}) owns the weights, the hoisted input projection
 * {@code xp = x W_ihᵀ + b_ih} and the per-step hidden projection {@code hp = h_{t-1} W_hhᵀ + b_hh}, both
 * [G] per row; the cell owns the element-wise math and what backward needs from it (gate activations, the
 * LSTM cell state), indexed by step t and row b, sized once by {@link #resize}. Rows are independent, so
 * threads may step different rows at once.
 *
 * <p>Besides h, a cell may carry more state from step to step ({@link #carried()} arrays of [B, H]: none for
 * SimpleRNN and GRU, c for LSTM). The layer sets it before step 0, reads it after step T-1, and passes its
 * gradients, by index, without knowing what it means.
 *
 * <p>Backward mirrors forward: given ∂L/∂h_t it writes ∂L/∂xp and ∂L/∂hp for the step and replaces dh by the
 * part of ∂L/∂h_{t-1} that does not go through W_hh (GRU's z·dh; zero for the others); the layer then adds
 * {@code dhp · W_hh}.
 */
public interface Cell {

    /** H. */
    int hidden();

    /** G: H for SimpleRNN, 4H for LSTM, 3H for GRU. */
    int gateWidth();

    /**
     * Sets T steps of B rows for the next pass, of which the caches keep the last {@code kept}: T for a pass that a
     * backward follows, 1 for inference. Step t's cache is at slot {@code t % kept}, the carried state before step t
     * at slot {@code t % (kept + 1)}. The caches grow to the largest size seen and are reused.
     */
    void resize(int steps, int kept, int batch);

    /**
     * Step t of row b.
     *
     * @param xp [G] at xpOff: input projection; @param hp [G] at hpOff: hidden projection;
     * @param h  reads h_{t-1} [H] at hPrevOff, writes h_t [H] at hNextOff
     */
    void forward(int t, int b, float[] xp, int xpOff, float[] hp, int hpOff, float[] h, int hPrevOff, int hNextOff);

    /**
     * Backward of step t of row b.
     *
     * @param h   h_{t-1} [H] at hPrevOff and h_t [H] at hNextOff, as forward left them
     * @param dh  [H] at dhOff: ∂L/∂h_t in; the direct part of ∂L/∂h_{t-1} out
     * @param dxp [G] at dxpOff: ∂L/∂xp out; @param dhp [G] at dhpOff: ∂L/∂hp out
     */
    void backward(int t, int b, float[] h, int hPrevOff, int hNextOff, float[] dh, int dhOff,
                  float[] dxp, int dxpOff, float[] dhp, int dhpOff);

    /** Step t of row b is padding: the carried state (if any) stays as it was. */
    default void skip(int t, int b) {}

    /** How many [B, H] states the cell carries besides h (LSTM: 1, c). */
    default int carried() { return 0; }

    /** Sets carried state k of rows [b0, b1) before step 0 from s0 [B, H], or zeros if null. */
    default void setInitial(int k, float[] s0, int b0, int b1) { throw new IndexOutOfBoundsException("this cell carries no state " + k); }

    /** Carried state k after step T-1 [B, H] (a copy). */
    default float[] last(int k) { throw new IndexOutOfBoundsException("this cell carries no state " + k); }

    /** Starts backward with ∂L/∂(carried state k after step T-1) [B, H], or zeros if null. */
    default void beginBackward(int k, float[] dLast) { throw new IndexOutOfBoundsException("this cell carries no state " + k); }

    /** After backward: ∂L/∂(carried state k before step 0) [B, H] (a copy). */
    default float[] initialGrad(int k) { throw new IndexOutOfBoundsException("this cell carries no state " + k); }
}
