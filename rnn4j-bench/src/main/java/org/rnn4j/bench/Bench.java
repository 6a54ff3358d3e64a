package org.rnn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Times workloads the way the PyTorch reference does, but with a longer warm-up (the JIT's, {@link #WARM_UP_NANOS}):
 * warm up, size a window to about a second, then take the median over 7 windows of the time per step.
 */
public final class Bench {
    /**
     * Five seconds of warm-up: C2 compiles the kernels within the first second, but in a JFR profile of W3 it
     * threw away (deoptimised) the GEMM's compiled kernels 4 to 6 seconds in, when a first call took a branch its
     * profile had not seen, and ran them in tier-3 code, where the Vector API is not intrinsic and is many times
     * slower, until it compiled them again. A one-second warm-up let such phases into the measured windows.
     */
    static final long WARM_UP_NANOS = 5_000_000_000L;
    /** For a single kernel measured after the workloads, whose code C2 has already compiled. */
    static final long SHORT_WARM_UP_NANOS = 1_000_000_000L;

    private Bench() {}

    /**
     * A measured workload: the median and the range over the windows, in the workload's unit; the median's GFLOP/s
     * ({@link Workload#gflops}); the most heap in use while it ran (garbage not yet collected included), in bytes.
     */
    public record Result(String id, String unit, boolean higherIsBetter, double median, double min, double max, double gflops, long peakHeap) {}

    public static Result measure(Workload w) {
        return measure(w, WARM_UP_NANOS);
    }

    static Result measure(Workload w, long warmUpNanos) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        int k = 0;
        while (k < 3 || System.nanoTime() - t0 < warmUpNanos) {
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
        int steps = Math.max(1, (int) Math.ceil(1.0 / perStep));    // 3 or more unless a step takes over a third of a second
        List<Double> figures = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long s = System.nanoTime();
            for (int j = 0; j < steps; j++) w.step().run();
            figures.add(w.figure((System.nanoTime() - s) / 1e9 / steps));
        }
        double[] f = figures.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = f[f.length / 2];
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Result(w.id(), w.unit(), w.higherIsBetter(), median, f[0], f[f.length - 1], w.gflops(median), peak);
    }

    /**
     * This machine's GEMM speed through {@code compute}: C[n, n] = A·B for n = 512, the best of 5 windows of about a
     * second, in GFLOP/s. The ceiling the workloads' GFLOP/s are read against.
     */
    public static double gemmPeak(org.rnn4j.tensor.Compute compute) {
        int n = 512;
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        Workload gemm = new Workload("GEMM", "512^3", "GFLOP/s", 1, true, 2.0 * n * n * n, () -> compute.matmul(a, 0, b, 0, c, 0, n, n, n));
        Result m = measure(gemm);
        return m.max() * gemm.flopsPerStep() / 1e9;
    }

}
