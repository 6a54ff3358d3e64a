package org.rnn4j.cli;

import java.io.PrintStream;

/** The terminal's last line, where a {@link Bar} is drawn over itself at most four times a second and cleared when done. */
final class BarLine {
    private static final long DRAW_EVERY = 250_000_000L;

    private final PrintStream out;
    private long lastDrawn;
    private boolean drawn;

    BarLine(PrintStream out) {
        this.out = out;
    }

    /** Whether a drawing is due now: a quarter second since the last, or {@code last} (the bar is full). */
    boolean due(long now, boolean last) {
        return last || !drawn || now - lastDrawn >= DRAW_EVERY;
    }

    void draw(long now, String line) {
        lastDrawn = now;
        out.print("\r" + line + "\033[K");
        out.flush();
        drawn = true;
    }

    /** Clears the line if a bar is on it, so that the next bar or text starts clean. */
    void clear() {
        if (drawn) out.print("\r\033[2K");
        drawn = false;
        out.flush();
    }
}
