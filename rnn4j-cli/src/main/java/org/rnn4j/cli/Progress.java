package org.rnn4j.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnn4j.model.Trainer;

/**
 * Shows training as it goes: on a terminal, a progress bar per epoch (me.tongfei:progressbar) with the step,
 * ETA, examples/s and the running loss; otherwise (a log file, a pipe) a plain line every ten seconds and at
 * the end of every epoch.
 */
final class Progress implements Trainer.Listener, AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final long examplesPerEpoch;
    private final int epochs;
    private ProgressBar bar;
    private int barEpoch;
    private double running = Double.NaN;
    private long lastLine = System.nanoTime(), epochExamples, epochStart = System.nanoTime();

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
        if (terminal) {
            if (bar == null || barEpoch != epoch) {
                if (bar != null) bar.close();
                barEpoch = epoch;
                bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(examplesPerEpoch)
                        .setUnit(" ex", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build();
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
        if (bar != null) {
            bar.close();
            bar = null;
        }
        StringBuilder line = new StringBuilder(String.format("epoch %d/%d  train loss %.4f", e.epoch(), epochs, e.trainLoss()));
        if (e.valid() != null) e.valid().forEach((k, v) -> line.append(String.format("  val_%s %.4f", k, v)));
        line.append(String.format("  %.1f s  lr %.2g%s", e.seconds(), e.learningRate(), best ? "  (best)" : ""));
        out.println(line);
        epochExamples = 0;
        epochStart = System.nanoTime();
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
