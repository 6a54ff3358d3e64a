package org.rnn4j.tensor;

/** Moves between the batch-major API layout [B, T, ·] and the time-major layout [T, B, ·] of the time loop. */
public final class Layout {
    private Layout() {}

    /** out[t, b, :] = x[b, t, :] for width w. */
    public static void toTimeMajor(float[] x, int batch, int steps, int w, float[] out) {
        toTimeMajor(x, batch, steps, w, out, 0, batch);
    }

    /** out[t, b, :] = x[b, t, :] for width w and rows [b0, b1) of the batch. */
    public static void toTimeMajor(float[] x, int batch, int steps, int w, float[] out, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            for (int t = 0; t < steps; t++) System.arraycopy(x, (b * steps + t) * w, out, (t * batch + b) * w, w);
        }
    }

    /** out[b, t, :] = x[t, b, :] for width w. */
    public static void fromTimeMajor(float[] x, int batch, int steps, int w, float[] out) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) System.arraycopy(x, (t * batch + b) * w, out, (b * steps + t) * w, w);
        }
    }

    /**
     * Reverses each sequence of x [B, T, w] within its own length: out[b, t] = x[b, len_b - 1 - t] for
     * t &lt; len_b; padding steps are copied unchanged. Its own inverse.
     */
    public static float[] reverseWithinLengths(float[] x, int[] lengths, int steps, int w) {
        float[] out = new float[x.length];
        for (int b = 0; b < lengths.length; b++) {
            int len = lengths[b], base = b * steps * w;
            for (int t = 0; t < steps; t++) {
                int src = t < len ? len - 1 - t : t;
                System.arraycopy(x, base + src * w, out, base + t * w, w);
            }
        }
        return out;
    }
}
