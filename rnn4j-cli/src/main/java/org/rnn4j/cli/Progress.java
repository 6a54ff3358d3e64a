package org.rnn4j.cli;

import java.io.PrintStream;
import org.rnn4j.train.Trainer;

/**
 * Shows training as it goes. On a terminal: a live bar ({@link Bar}) with the examples done, the rate, the time
 * spent and left, the step and the running loss, drawn over itself on the last line at most four times a second,
 * and above it one line per finished epoch (losses, validation scores, time, learning rate, best marker) that
 * stays. Otherwise (a log file, a pipe): a plain line every ten seconds and at the end of every epoch.
 */
final class Progress implements Trainer.Listener, AutoCloseable {
    private static final long LINE_EVERY = 10_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long examplesPerEpoch;
    private final int epochs;
    private final BarLine line;
    private double running = Double.NaN;
    private long lastLine = System.nanoTime(), epochExamples, epochStart = System.nanoTime();

    Progress(PrintStream out, boolean terminal, long examplesPerEpoch, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.examplesPerEpoch = examplesPerEpoch;
        this.epochs = epochs;
        this.line = new BarLine(out);
    }

    @Override
    public void step(int epoch, int batch, long step, double loss, long examples) {
        running = Double.isNaN(running) ? loss : 0.95 * running + 0.05 * loss;
        epochExamples += examples;
        long now = System.nanoTime();
        double secs = (now - epochStart) / 1e9;
        if (terminal) {
            if (!line.due(now, epochExamples >= examplesPerEpoch)) return;
            Bar bar = new Bar("epoch " + epoch + "/" + epochs, Math.max(1, examplesPerEpoch), "ex");
            line.draw(now, bar.line(epochExamples, secs, String.format("step %6d  loss %.4f", step, running)));
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
        line.clear();
        out.println(text);
        out.flush();
        epochExamples = 0;
        epochStart = System.nanoTime();
    }

    @Override
    public void close() {
        line.clear();
    }
}
