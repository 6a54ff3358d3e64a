package org.rnn4j.nn;

/** Per-sequence lengths of a padded batch: checks and the usual constructions. */
public final class Lengths {
    private Lengths() {}

    /** Every sequence of the batch has all T steps. */
    public static int[] full(int batch, int steps) {
        int[] l = new int[batch];
        java.util.Arrays.fill(l, steps);
        return l;
    }

    /** Throws unless {@code lengths} has B entries, each in [0, T]. */
    public static void check(int[] lengths, int batch, int steps) {
        if (lengths == null) throw new IllegalArgumentException("lengths is null: give int[B] true lengths (Lengths.full(B, T) for an unpadded batch)");
        if (lengths.length != batch) throw new IllegalArgumentException("lengths has " + lengths.length + " entries for a batch of " + batch);
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("lengths[" + b + "] = " + lengths[b] + " is outside [0, " + steps + "] (T = " + steps + ")");
            }
        }
    }
}
