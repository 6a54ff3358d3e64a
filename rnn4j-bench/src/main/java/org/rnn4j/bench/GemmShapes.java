package org.rnn4j.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;

/**
 * The matrix products the workloads spend their time in, measured alone through the same calls the layers make, so
 * each can be read against the GEMM peak: the hoisted input projection {@code [T·B, F] x [F, G]} (one call over all
 * threads), the per-step recurrent product {@code [B, H] x [H, G]} on packed weights (each thread steps its own rows
 * through all T steps, as {@code RecurrentLayer}'s time loop does), and the dense output layers.
 */
public final class GemmShapes {
    private GemmShapes() {}

    /** A product c[m, n] += a[m, k] · b[k, n] of workload {@code workload}; {@code steps} &gt; 0 for the per-step kind. */
    public record Shape(String workload, String role, int m, int n, int k, int steps) {
        public boolean perStep() { return steps > 0; }

        public String dims() { return "[" + m + "," + k + "]x[" + k + "," + n + "]"; }

        double flops() { return 2.0 * m * n * k * Math.max(1, steps); }
    }

    /** A measured shape: GFLOP/s of the median window. */
    public record Result(Shape shape, double gflops) {}

    /** The shapes of W1-W5 and I1-I3 (G = gates · H: SimpleRNN 1, GRU 3, LSTM 4). */
    public static List<Shape> all() {
        return List.of(
                new Shape("W1", "hoisted", 64 * 100, 128, 64, 0), new Shape("W1", "per step", 64, 128, 128, 100),
                new Shape("W2", "hoisted", 32 * 128, 1024, 64, 0), new Shape("W2", "per step", 32, 1024, 256, 128),
                new Shape("W2", "dense", 32 * 128, 96, 256, 0),
                new Shape("W3", "hoisted", 128 * 28, 384, 28, 0), new Shape("W3", "per step", 128, 384, 128, 28),
                new Shape("W4", "hoisted", 64 * 20, 768, 128, 0), new Shape("W4", "per step", 64, 768, 256, 20),
                new Shape("W4", "dense", 64 * 20, 1000, 256, 0),
                new Shape("I1", "per step", 1, 512, 128, 50),
                new Shape("I2", "hoisted", 256 * 50, 512, 32, 0), new Shape("I2", "per step", 256, 512, 128, 50));
    }

    public static Result measure(Shape s, Compute compute) {
        SplittableRandom r = new SplittableRandom(11);
        float[] a = random(r, s.m() * s.k()), b = random(r, s.k() * s.n()), c = new float[s.m() * s.n()];
        Runnable step;
        if (s.perStep()) {
            Kernels k = compute.kernels();
            float[] packed = k.pack(b, s.k(), s.n());
            step = () -> compute.parallelFor(s.m(), 1, (b0, b1) -> {
                for (int t = 0; t < s.steps(); t++) {
                    if (packed != null) k.matmulPackedAdd(a, b0 * s.k(), packed, c, b0 * s.n(), b1 - b0, s.n(), s.k());
                    else k.matmulAdd(a, b0 * s.k(), b, 0, c, b0 * s.n(), b1 - b0, s.n(), s.k());
                }
            });
        } else {
            step = () -> compute.matmulAdd(a, 0, b, 0, c, 0, s.m(), s.n(), s.k());
        }
        Workload w = new Workload(s.workload() + " " + s.role(), s.dims(), "GFLOP/s", 1, true, s.flops(), step);
        return new Result(s, w.gflops(Bench.measure(w, Bench.SHORT_WARM_UP_NANOS).median()));
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian() * 0.01f;   // small, so c's sums stay finite over many calls
        return x;
    }
}
