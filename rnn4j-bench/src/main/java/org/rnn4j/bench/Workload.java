package org.rnn4j.bench;

/**
 * One reference workload of WORKLOADS.md, ready to run: {@code step} does one training step (forward, loss,
 * BPTT, update) or one inference batch; {@code unitsPerStep} converts steps to the reported unit; {@code flopsPerStep}
 * is the work of its matrix products ({@link Flops}).
 */
public record Workload(String id, String description, String unit, int unitsPerStep, boolean higherIsBetter, double flopsPerStep, Runnable step) {

    /** The reported figure for a measured time per step, in seconds. */
    public double figure(double secondsPerStep) {
        return higherIsBetter ? unitsPerStep / secondsPerStep : secondsPerStep / unitsPerStep * 1e6;
    }

    /** The GFLOP/s of a reported figure. */
    public double gflops(double figure) {
        double stepsPerSecond = higherIsBetter ? figure / unitsPerStep : 1e6 / (figure * unitsPerStep);
        return flopsPerStep * stepsPerSecond / 1e9;
    }
}
