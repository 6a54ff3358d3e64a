package org.rnn4j.parse;

import java.util.regex.Pattern;

/**
 * The one number policy: a value read from a file, a command line or a request is a decimal number (an optional
 * sign, digits with an optional point, an optional exponent: {@code 3}, {@code -0.25}, {@code 1e-3}) whose float32
 * value is finite. Java's own syntax ({@code 3.5f}, {@code 0x1p3}, {@code NaN}, {@code Infinity}) is not data, and
 * {@code 1e39} overflows float32.
 */
public final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** Longer strings are no number a person writes; refusing them keeps the regular expression's work bounded. */
    private static final int MAX_LENGTH = 100;

    private Numbers() {}

    /** Whether {@code s} is a decimal number with a finite float32 value. */
    public static boolean isFloat32(String s) {
        return s != null && s.length() <= MAX_LENGTH && DECIMAL.matcher(s).matches() && Float.isFinite(Float.parseFloat(s));
    }

    /**
     * {@code s} as a finite float32.
     *
     * @throws NumberFormatException saying why not ("not a decimal number" or "overflows float32"), for the caller
     *                               to prefix with the place (file and line, field)
     */
    public static float float32(String s) {
        if (s == null || s.length() > MAX_LENGTH || !DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException("expected a decimal number, found \"" + clip(s) + "\"");
        }
        float v = Float.parseFloat(s);
        if (!Float.isFinite(v)) throw new NumberFormatException(s + " is not a finite float32 (|x| < 3.4e38)");
        return v;
    }

    /** A double (a JSON number already parsed) as a finite float32. */
    public static boolean isFloat32(double v) {
        return Float.isFinite((float) v);
    }

    static String clip(String s) {
        if (s == null) return "nothing";
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
