package org.rnn4j.cli;

import java.util.Locale;

/**
 * One line of a terminal progress bar, laid out the same at every update so that it never changes width while it
 * is drawn over itself: the name, 30 cells, the percentage, done/total padded to the total's width, the rate, the
 * time spent and the time left, then the caller's own fields.
 *
 * <pre>epoch 2/8 [#########.....................]  31%   8,992/28,814 ex        101 ex/s   1:29 elapsed   3:16 left  step    281  loss 1.4424</pre>
 *
 * @param name  what is counted, first on the line ("epoch 2/8", "word2vec")
 * @param total the count at 100%, at least 1
 * @param unit  the counted thing ("ex", "words")
 */
record Bar(String name, long total, String unit) {
    static final int CELLS = 30;

    Bar {
        if (total < 1) throw new IllegalArgumentException("a bar needs a total of at least 1, got " + total);
    }

    /**
     * @param done    how many are done so far (0 to total)
     * @param seconds the time since the bar started
     * @param fields  what follows on the line, e.g. the step and the loss (of a fixed width, to keep the line's)
     */
    String line(long done, double seconds, String fields) {
        long d = Math.max(0, Math.min(done, total));
        int filled = (int) (CELLS * d / total), percent = (int) (100 * d / total);
        String count = String.format(Locale.ROOT, "%,d", total);
        String rate = "", left = "-";
        if (seconds >= 0.5 && d > 0) {
            double perSecond = d / seconds;
            rate = String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
            left = clock((total - d) / perSecond);
        }
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %" + count.length() + "s/%s %s  %" + (unit.length() + 12) + "s  %5s elapsed  %5s left  %s",
                name, "#".repeat(filled), ".".repeat(CELLS - filled), percent, String.format(Locale.ROOT, "%,d", d), count, unit, rate,
                clock(seconds), left, fields).stripTrailing();
    }

    /** m:ss, or h:mm:ss from an hour on. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
