package org.rnn4j.bench;

import org.rnn4j.tensor.Compute;

/**
 * How a training step's time and memory grow with the sequence length T and the hidden size H, rnn4j alone: W6's
 * character LM (LSTM(256), B 16) at T = 250 to 2,000 with full BPTT and with truncated BPTT in chunks of 100, and
 * W8's (2 layers, B 64, T 64) at H = 256 to 1,024. Prints one row each: the median time per step, the time per
 * token, and the heap the step holds for its backward ({@link Workloads#activationBytes(int, int, int, int, int, Compute)}).
 * docs/performance.md has the latest table. Usage: {@code java @jvm.options -cp rnn4j.jar org.rnn4j.bench.ScaleTable}.
 */
public final class ScaleTable {
    private ScaleTable() {}

    public static void main(String[] args) {
        Compute compute = Compute.auto();
        System.out.println("| model | T | truncation | ms per step | µs per token | held for backward, MB |");
        System.out.println("|---|---:|---|---:|---:|---:|");
        for (int k : new int[] {0, 100}) {
            for (int T : new int[] {250, 500, 1000, 2000}) row("LSTM(256), B 16", 16, T, 256, 1, k == 0 ? T : k, compute);
        }
        for (int H : new int[] {256, 512, 1024}) row("2 x LSTM(" + H + "), B 64", 64, 64, H, 2, 64, compute);
    }

    private static void row(String model, int B, int T, int H, int layers, int k, Compute compute) {
        Bench.Result r = Bench.measure(Workloads.charLm("LM", B, T, H, layers, k, compute, () -> {}));
        double secondsPerStep = B * T / r.median();
        long held = Workloads.activationBytes(B, T, H, layers, k, compute);
        System.out.printf("| %s | %,d | %s | %.1f | %.2f | %.1f |%n", model, T, k < T ? "chunks of " + k : "none", 1e3 * secondsPerStep,
                1e6 * secondsPerStep / (B * T), held / 1e6);
    }
}
