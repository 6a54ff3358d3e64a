package org.rnn4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Times workloads the way the PyTorch reference does: warm up for a second, size a window to about a second,
 * then take the median over 7 windows of the time per step.
 */
public final class Bench {
    private Bench() {}

    /** A measured workload: the median and the range over the windows, in the workload's unit. */
    public record Result(String id, String unit, boolean higherIsBetter, double median, double min, double max) {}

    public static Result measure(Workload w) {
        long t0 = System.nanoTime();
        int k = 0;
        while (k < 3 || System.nanoTime() - t0 < 1_000_000_000L) {
            w.step().run();
            k++;
        }
        long t = System.nanoTime();
        k = 0;
        while (k < 2 || System.nanoTime() - t < 200_000_000L) {
            w.step().run();
            k++;
        }
        double perStep = (System.nanoTime() - t) / 1e9 / k;
        int steps = Math.max(3, (int) Math.ceil(1.0 / perStep));
        List<Double> figures = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long s = System.nanoTime();
            for (int j = 0; j < steps; j++) w.step().run();
            figures.add(w.figure((System.nanoTime() - s) / 1e9 / steps));
        }
        double[] f = figures.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(w.id(), w.unit(), w.higherIsBetter(), f[f.length / 2], f[0], f[f.length - 1]);
    }

}
