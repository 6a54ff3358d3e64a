package org.rnn4j.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnn4j.model.Trainer;

/**
 * Shows training as it goes. On a terminal: a live progress bar (me.tongfei:progressbar renders it) with the step,
 * ETA, examples/s and the running loss, drawn on the last line, and above it one line per finished epoch (losses,
 * validation scores, time, learning rate, best marker) that stays. Otherwise (a log file, a pipe): a plain line
 * every ten seconds and at the end of every epoch.
 *
 * <p>The bar is drawn through a consumer of this class rather than the library's console consumer, which moves the
 * cursor up over lines printed between bars: every drawing and every epoch line goes through one lock, a bar's
 * drawings stop when its epoch ends, and the epoch line first clears the bar's line.
 */
final class Progress implements Trainer.Listener, AutoCloseable {
    private static final String CLEAR_LINE = "\r\033[2K";

    private final PrintStream out;
    private final boolean terminal;
    private final long examplesPerEpoch;
    private final int epochs;
    private final Object screen = new Object();
    private ProgressBar bar;
    private BarLine line;
    private int barEpoch;
    private double running = Double.NaN;
    private long lastLine = System.nanoTime(), epochExamples, epochStart = System.nanoTime();

    Progress(PrintStream out, boolean terminal, long examplesPerEpoch, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.examplesPerEpoch = examplesPerEpoch;
        this.epochs = epochs;
    }

    /** The terminal line of one bar: drawn over itself until its epoch ends, then never again. */
    private final class BarLine {
        private boolean drawn, ended;

        void draw(String text) {
            synchronized (screen) {
                if (ended) return;
                out.print("\r" + text + "\033[K");
                out.flush();
                drawn = true;
            }
        }

        /** Ends the bar and clears its line (under the caller's lock). */
        void end() {
            ended = true;
            if (drawn) out.print(CLEAR_LINE);
        }
    }

    @Override
    public void step(int epoch, int batch, long step, double loss, long examples) {
        running = Double.isNaN(running) ? loss : 0.95 * running + 0.05 * loss;
        epochExamples += examples;
        if (terminal) {
            if (bar == null || barEpoch != epoch) {
                closeBar();
                barEpoch = epoch;
                BarLine l = new BarLine();
                line = l;
                bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(examplesPerEpoch)
                        .setUnit(" ex", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new DelegatingProgressBarConsumer(l::draw, 120)).build();
            }
            bar.stepBy(examples);
            bar.setExtraMessage(String.format(" step %d  loss %.4f", step, running));
        } else if (System.nanoTime() - lastLine > 10_000_000_000L) {
            lastLine = System.nanoTime();
            double secs = (lastLine - epochStart) / 1e9;
            out.printf("epoch %d/%d  step %d  %d/%d examples  %.0f examples/s  loss %.4f%n", epoch, epochs, step, epochExamples, examplesPerEpoch, epochExamples / secs, running);
        }
    }

    @Override
    public void epoch(Trainer.Epoch e, boolean best) {
        StringBuilder text = new StringBuilder(String.format("epoch %d/%d  train loss %.4f", e.epoch(), epochs, e.trainLoss()));
        if (e.valid() != null) e.valid().forEach((k, v) -> text.append(String.format("  val_%s %.4f", k, v)));
        text.append(String.format("  %.1f s  lr %.2g%s", e.seconds(), e.learningRate(), best ? "  (best)" : ""));
        synchronized (screen) {
            if (line != null) line.end();
            out.println(text);
            out.flush();
        }
        closeBar();
        epochExamples = 0;
        epochStart = System.nanoTime();
    }

    private void closeBar() {
        if (bar == null) return;
        synchronized (screen) {
            line.end();
        }
        bar.close();
        bar = null;
    }

    @Override
    public void close() {
        closeBar();
    }
}
