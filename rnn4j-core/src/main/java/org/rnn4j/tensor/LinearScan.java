package org.rnn4j.tensor;


/**
 * The linear recurrence {@code s = a_t ⊙ s + v_t, h_t = s} of many rows at once, each row's steps split into chunks
 * that threads scan at the same time: a two-pass scan. Pass one scans every chunk from a zero state (the first
 * from the row's own) and keeps its last state and the product of its a; then, per row, each chunk's incoming state
 * follows from the chunk before it (carry = last + Π a ⊙ carry); pass two adds Π_{s ≤ t} a_s ⊙ carry to every h_t
 * of the chunks after the first. With one chunk a row it is the plain sequential scan.
 *
 * <p>Step t of row r is at {@code first[r] + t·stride} in a, v and h (a may be shifted from v and h by
 * {@code aShift}): a negative stride scans a row backwards, as backward through time does.
 */
public final class LinearScan {
    /** Steps a chunk has at least: shorter ones cost more in the second pass than they save. */
    static final int MIN_CHUNK_STEPS = 32;

    private LinearScan() {}

    /**
     * Chunks per row for {@code rows} rows of {@code steps} steps on {@code threads} threads: one when the rows
     * alone give every thread about four units of work, else enough for that, each of at least
     * {@value #MIN_CHUNK_STEPS} steps.
     */
    public static int chunks(int rows, int steps, int threads) {
        int wanted = (4 * threads + rows - 1) / rows;
        return Math.max(1, Math.min(wanted, steps / MIN_CHUNK_STEPS));
    }

    /**
     * @param first  [rows] the offset of each row's step 0 in v and h
     * @param aShift the offset of a_t from v_t
     * @param state  [rows, width]: each row's state before step 0 in, after its last step out
     */
    public static void run(Compute compute, int chunks, int rows, int steps, int width, float[] a, int aShift, float[] v, float[] h,
                    int[] first, int stride, float[] state) {
        Kernels k = compute.kernels();
        if (steps == 0) return;
        int units = rows * chunks;
        float[] last = new float[units * width], product = new float[units * width];
        compute.parallelFor(units, 1, (u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int r = u / chunks, c = u % chunks, t0 = steps * c / chunks, t1 = steps * (c + 1) / chunks, o = first[r] + t0 * stride;
                if (c == 0) System.arraycopy(state, r * width, last, u * width, width);
                java.util.Arrays.fill(product, u * width, (u + 1) * width, 1f);
                k.scan(a, o + aShift, v, o, h, o, stride, t1 - t0, width, last, u * width, product, u * width);
            }
        });
        if (chunks == 1) {
            System.arraycopy(last, 0, state, 0, rows * width);
            return;
        }
        float[] carry = new float[units * width];                   // the state entering each chunk
        for (int r = 0; r < rows; r++) {
            int u = r * chunks;
            System.arraycopy(last, u * width, carry, (u + 1) * width, width);
            for (int c = 2; c < chunks; c++) {
                int in = (u + c - 1) * width, out = (u + c) * width;
                for (int j = 0; j < width; j++) carry[out + j] = Math.fma(product[in + j], carry[in + j], last[in + j]);
            }
            int end = (u + chunks - 1) * width;
            for (int j = 0; j < width; j++) state[r * width + j] = Math.fma(product[end + j], carry[end + j], last[end + j]);
        }
        compute.parallelFor(units, 1, (u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int r = u / chunks, c = u % chunks, t0 = steps * c / chunks, t1 = steps * (c + 1) / chunks, o = first[r] + t0 * stride;
                if (c > 0) k.scanCarry(a, o + aShift, h, o, stride, t1 - t0, width, carry, u * width);
            }
        });
    }
}
