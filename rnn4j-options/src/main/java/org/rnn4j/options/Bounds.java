package org.rnn4j.options;

/**
 * Range checks of numeric options before any work starts. A failed check is an {@link IllegalArgumentException}
 * whose message names the option, the value and what is allowed, which a command prints as one line (exit 2).
 */
public final class Bounds {
    private Bounds() {}

    /** {@code min ≤ value ≤ max}. */
    public static void between(String option, long value, long min, long max) {
        if (value < min || value > max) throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
    }

    /** A finite number in [min, max] ({@code openMin}: min itself is not allowed). */
    public static void number(String option, double value, double min, boolean openMin, double max) {
        boolean ok = Double.isFinite(value) && (openMin ? value > min : value >= min) && value <= max;
        if (!ok) throw new IllegalArgumentException(option + " must be a number " + (openMin ? "> " : "≥ ") + show(min) + (max < Double.MAX_VALUE ? " and ≤ " + show(max) : "") + ", got " + value);
    }

    private static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
