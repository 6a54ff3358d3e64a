package org.rnn4j.bench;

/**
 * One reference workload of WORKLOADS.md, ready to run: {@code step} does one training step (forward, loss,
 * BPTT, update) or one inference batch; {@code unitsPerStep} converts steps to the reported unit.
 */
public record Workload(String id, String description, String unit, int unitsPerStep, boolean higherIsBetter, Runnable step) {

    /** The reported figure for a measured time per step, in seconds. */
    public double figure(double secondsPerStep) {
        return higherIsBetter ? unitsPerStep / secondsPerStep : secondsPerStep / unitsPerStep * 1e6;
    }
}
