package org.rnn4j.parse;

/**
 * The one number policy: a value read from a file, a command line or a request is a decimal number (an optional
 * sign, digits with an optional point, an optional exponent: {@code 3}, {@code -0.25}, {@code 1e-3}) whose float32
 * value is finite. Java's own syntax ({@code 3.5f}, {@code 0x1p3}, {@code NaN}, {@code Infinity}) is not data, and
 * {@code 1e39} overflows float32.
 */
public final class Numbers {
    /** Longer strings are no number a person writes. */
    private static final int MAX_LENGTH = 100;

    private Numbers() {}

    /**
     * {@code s} as a float32 when it is a decimal number with a finite float32 value, else NaN (which is never
     * data): one scan and one parse, for readers that check millions of values (a GloVe file).
     */
    public static float parse(String s) {
        if (!isDecimal(s)) return Float.NaN;
        float v = Float.parseFloat(s);
        return Float.isFinite(v) ? v : Float.NaN;
    }

    /** Whether {@code s} is a decimal number with a finite float32 value. */
    public static boolean isFloat32(String s) {
        return !Float.isNaN(parse(s));
    }

    /**
     * {@code s} as a finite float32.
     *
     * @throws NumberFormatException saying why not ("not a decimal number" or "overflows float32"), for the caller
     *                               to prefix with the place (file and line, field)
     */
    public static float float32(String s) {
        if (!isDecimal(s)) throw new NumberFormatException("expected a decimal number, found \"" + clip(s) + "\"");
        float v = Float.parseFloat(s);
        if (!Float.isFinite(v)) throw new NumberFormatException(s + " is not a finite float32 (|x| < 3.4e38)");
        return v;
    }

    /** A double (a JSON number already parsed) as a finite float32. */
    public static boolean isFloat32(double v) {
        return Float.isFinite((float) v);
    }

    /** [+-] (digits [. digits*] | . digits) [(e|E) [+-] digits], scanned once. */
    private static boolean isDecimal(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) return false;
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0, n = s.length();
        int intDigits = 0, fracDigits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; intDigits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; fracDigits++; }
        }
        if (intDigits == 0 && fracDigits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String clip(String s) {
        if (s == null) return "nothing";
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
