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
 * <p>Backward mirrors forward: given ∂L/∂h_t it writes ∂L/∂xp and ∂L/∂hp for the step and replaces dh by the
 * part of ∂L/∂h_{t-1} that does not go through W_hh (GRU's z·dh; zero for the others); the layer then adds
 * {@code dhp · W_hh}.
 */
public interface Cell {

    /** H. */
    int hidden();

    /** G: H for SimpleRNN, 4H for LSTM, 3H for GRU. */
    int gateWidth();

    /** Sets T steps of B rows for the next pass; the caches grow to the largest T·B and B seen and are reused. */
    void resize(int steps, int batch);

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

    /** Step t of row b is padding: the cell state (if any) is carried unchanged. */
    default void skip(int t, int b) {}

    /** True if the cell has a cell state c besides h (LSTM). */
    default boolean hasCellState() { return false; }

    /** Sets every row's cell state before step 0 from c0 [B, H], or zeros if null. */
    default void setInitialCellState(float[] c0) {}

    /** The cell state after step T-1 [B, H] (a copy), or null for cells without one. */
    default float[] finalCellState() { return null; }

    /** Starts backward with ∂L/∂c_T [B, H], or zeros if null. */
    default void beginBackward(float[] dcLast) {}

    /** After backward: ∂L/∂c_0 [B, H] (a copy), or null for cells without a cell state. */
    default float[] initialCellStateGrad() { return null; }
}
