package org.rnn4j.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.nn.RecurrentLayer;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;

/**
 * The matrix products the workloads spend their time in, measured alone through the same calls the layers make, so
 * each can be read against the GEMM peak. Per step, as {@code RecurrentLayer}'s time loop runs them (each thread
 * steps its own rows through all T steps): the input projection {@code [B, F] x [F, G]} (in blocks of
 * {@link RecurrentLayer#ROW_BLOCK} rows when the layer projects one step ahead) and the recurrent product
 * {@code [B, H] x [H, G]} (always in such blocks), both on packed weights. Hoisted, one
 * call over all threads: the dense output layers over all T·B rows.
 */
public final class GemmShapes {
    private GemmShapes() {}

    /**
     * A product c[m, n] += a[m, k] · b[k, n] of workload {@code workload}, {@code steps} times per step kind (0 for a
     * hoisted one), each thread's rows in blocks of {@code rowBlock} rows (0: all of them in one call).
     */
    public record Shape(String workload, String role, int m, int n, int k, int steps, int rowBlock) {
        /** The input projection of T steps of B rows: F → G; in the step's row blocks (H: W_hh's) when the layer projects one step ahead. */
        static Shape input(String workload, int B, int G, int F, int T, int H) {
            int rowBlock = RecurrentLayer.stepsProjectedAhead(T, B, G) == 1 ? RecurrentLayer.rowBlock(H, G) : 0;
            return new Shape(workload, "input", B, G, F, T, rowBlock);
        }

        /** The recurrent product of T steps of B rows: H → G. */
        static Shape recurrent(String workload, int B, int G, int H, int T) {
            return new Shape(workload, "per step", B, G, H, T, RecurrentLayer.rowBlock(H, G));
        }

        /** A dense layer over m rows: k → n, one call. */
        static Shape dense(String workload, int m, int n, int k) { return new Shape(workload, "dense", m, n, k, 0, 0); }

        public boolean perStep() { return steps > 0; }

        public String dims() { return "[" + m + "," + k + "]x[" + k + "," + n + "]"; }

        double flops() { return 2.0 * m * n * k * Math.max(1, steps); }
    }

    /** A measured shape: GFLOP/s of the median window. */
    public record Result(Shape shape, double gflops) {}

    /** The shapes of W1-W4, W6, W8 and I1-I2 (G = gates · H: SimpleRNN 1, GRU 3, LSTM 4); W7's are W6's in chunks of 100 steps. */
    public static List<Shape> all() {
        return List.of(
                Shape.input("W1", 64, 128, 64, 100, 128), Shape.recurrent("W1", 64, 128, 128, 100),
                Shape.input("W2", 32, 1024, 64, 128, 256), Shape.recurrent("W2", 32, 1024, 256, 128), Shape.dense("W2", 32 * 128, 96, 256),
                Shape.input("W3", 128, 384, 28, 28, 128), Shape.recurrent("W3", 128, 384, 128, 28),
                Shape.input("W4", 64, 768, 128, 20, 256), Shape.recurrent("W4", 64, 768, 256, 20), Shape.dense("W4", 64 * 20, 1000, 256),
                Shape.input("W6", 16, 1024, 64, 2000, 256), Shape.recurrent("W6", 16, 1024, 256, 2000), Shape.dense("W6", 16 * 2000, 96, 256),
                Shape.input("W8", 64, 4096, 64, 64, 1024), Shape.recurrent("W8", 64, 4096, 1024, 64), Shape.input("W8", 64, 4096, 1024, 64, 1024),
                Shape.dense("W8", 64 * 64, 96, 1024),
                Shape.recurrent("I1", 1, 512, 128, 50),
                Shape.input("I2", 256, 512, 32, 50, 128), Shape.recurrent("I2", 256, 512, 128, 50));
    }

    public static Result measure(Shape s, Compute compute) {
        SplittableRandom r = new SplittableRandom(11);
        float[] a = random(r, s.m() * s.k()), b = random(r, s.k() * s.n()), c = new float[s.m() * s.n()];
        Runnable step;
        if (s.perStep()) {
            Kernels k = compute.kernels();
            float[] packed = k.pack(b, s.k(), s.n(), null);
            step = () -> compute.parallelFor(s.m(), 1, (b0, b1) -> {
                int block = s.rowBlock() > 0 ? s.rowBlock() : b1 - b0;
                for (int t = 0; t < s.steps(); t++) {
                    for (int r0 = b0; r0 < b1; r0 += block) {
                        int rows = Math.min(block, b1 - r0);
                        if (packed != null) k.matmulPackedAdd(a, r0 * s.k(), packed, c, r0 * s.n(), rows, s.n(), s.k());
                        else k.matmulAdd(a, r0 * s.k(), b, 0, c, r0 * s.n(), rows, s.n(), s.k());
                    }
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
