package org.rnn4j.cli;

import java.io.PrintStream;
import org.rnn4j.model.Trainer;

/**
 * Shows training as it goes. On a terminal: a live bar ({@link Bar}) with the examples done, the rate, the time
 * spent and left, the step and the running loss, drawn over itself on the last line at most four times a second,
 * and above it one line per finished epoch (losses, validation scores, time, learning rate, best marker) that
 * stays. Otherwise (a log file, a pipe): a plain line every ten seconds and at the end of every epoch.
 */
final class Progress implements Trainer.Listener, AutoCloseable {
    private static final String CLEAR_LINE = "\r\033[2K";
    private static final long DRAW_EVERY = 250_000_000L, LINE_EVERY = 10_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long examplesPerEpoch;
    private final int epochs;
    private boolean drawn;
    private double running = Double.NaN;
    private long lastDrawn, lastLine = System.nanoTime(), epochExamples, epochStart = System.nanoTime();

    Progress(PrintStream out, boolean terminal, long examplesPerEpoch, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.examplesPerEpoch = examplesPerEpoch;
        this.epochs = epochs;
    }

    @Override
    public void step(int epoch, int batch, long step, double loss, long examples) {
        running = Double.isNaN(running) ? loss : 0.95 * running + 0.05 * loss;
        epochExamples += examples;
        long now = System.nanoTime();
        double secs = (now - epochStart) / 1e9;
        if (terminal) {
            if (now - lastDrawn < DRAW_EVERY && epochExamples < examplesPerEpoch) return;
            lastDrawn = now;
            Bar bar = new Bar("epoch " + epoch + "/" + epochs, Math.max(1, examplesPerEpoch), "ex");
            out.print("\r" + bar.line(epochExamples, secs, String.format("step %6d  loss %.4f", step, running)) + "\033[K");
            out.flush();
            drawn = true;
        } else if (now - lastLine > LINE_EVERY) {
            lastLine = now;
            out.printf("epoch %d/%d  step %d  %d/%d examples  %.0f examples/s  loss %.4f%n", epoch, epochs, step, epochExamples, examplesPerEpoch, epochExamples / secs, running);
        }
    }

    @Override
    public void epoch(Trainer.Epoch e, boolean best) {
        StringBuilder text = new StringBuilder(String.format("epoch %d/%d  train loss %.4f", e.epoch(), epochs, e.trainLoss()));
        if (e.valid() != null) e.valid().forEach((k, v) -> text.append(String.format("  val_%s %.4f", k, v)));
        text.append(String.format("  %.1f s  lr %.2g%s", e.seconds(), e.learningRate(), best ? "  (best)" : ""));
        clearBar();
        out.println(text);
        out.flush();
        epochExamples = 0;
        epochStart = System.nanoTime();
        lastDrawn = 0;
    }

    private void clearBar() {
        if (drawn) out.print(CLEAR_LINE);
        drawn = false;
    }

    @Override
    public void close() {
        clearBar();
        out.flush();
    }
}
