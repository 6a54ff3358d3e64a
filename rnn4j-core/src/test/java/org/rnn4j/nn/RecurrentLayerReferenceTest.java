package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * The fast recurrent layer against {@link PlainRecurrentLayer} at the shapes that take each of its paths: every cell
 * × B ∈ {1, 25, 53} (one row; a block of 24 rows and one more; three blocks) × H ∈ {19, 32, 128} (vector tails; the
 * packed GEMM at H divisible by 32; full-width vectors) × {1, 2} threads, on padded batches with random initial
 * states. Forward within 1e-6, every gradient within 1e-5, both relative to the tensor's largest entry (at least 1).
 */
class RecurrentLayerReferenceTest {
    static final int F = 21, T = 7;

    static Stream<Arguments> shapes() {
        return Stream.of(CellType.values()).filter(c -> !c.parallelOverTime()).flatMap(cell -> Stream.of(1, 25, 53).flatMap(b -> Stream.of(19, 32, 128)
                .flatMap(h -> Stream.of(1, 2).map(threads -> Arguments.of(cell, b, h, threads)))));
    }

    @ParameterizedTest(name = "{0} B={1} H={2} threads={3}")
    @MethodSource("shapes")
    void equalsTheReference(CellType cell, int B, int H, int threads) {
        SplittableRandom rng = new SplittableRandom(31L * B + H + 7L * cell.ordinal());
        RecurrentLayer fast = new RecurrentLayer(cell, F, H, "_l0", new Compute(Compute.bestKernels(), threads), rng);
        var p = fast.params();
        PlainRecurrentLayer ref = new PlainRecurrentLayer(cell, F, H, p.get(0).value().data(), p.get(1).value().data(), p.get(2).value().data(), p.get(3).value().data());

        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) lengths[b] = b == 0 ? T : b == 1 ? 0 : 1 + rng.nextInt(T);      // one full row, one empty, the rest padded
        float[] x = uniform(rng, B * T * F, 1), h0 = uniform(rng, B * H, 0.5f);
        float[] c0 = cell.hasCellState() ? uniform(rng, B * H, 0.5f) : null;
        State init = new State(new Tensor(h0, 1, B, H), c0 == null ? null : new Tensor(c0, 1, B, H));

        SequenceLayer.Output out = fast.forward(new Tensor(x, B, T, F), lengths, init, null);
        double[] refOut = ref.forward(x, B, T, lengths, h0, c0);
        close("out", refOut, out.out().data(), 1e-6);
        close("last h", ref.lastH(), out.last().h().data(), 1e-6);
        if (c0 != null) close("last c", ref.lastC(), out.last().c().data(), 1e-6);

        float[] dOut = uniform(rng, B * T * H, 1), dH = uniform(rng, B * H, 1);
        float[] dC = c0 == null ? null : uniform(rng, B * H, 1);
        for (int b = 0; b < B; b++) for (int t = lengths[b]; t < T; t++) for (int j = 0; j < H; j++) dOut[(b * T + t) * H + j] = 0;   // nothing flows back from padding
        SequenceLayer.Grads g = fast.backward(new Tensor(dOut, B, T, H), new State(new Tensor(dH, 1, B, H), dC == null ? null : new Tensor(dC, 1, B, H)));
        PlainRecurrentLayer.Grads r = ref.backward(dOut, dH, dC);
        close("dx", r.dx(), g.dx().data(), 1e-5);
        close("dh0", r.dh0(), g.dInit().h().data(), 1e-5);
        if (dC != null) close("dc0", r.dc0(), g.dInit().c().data(), 1e-5);
        close("weight_ih grad", ref.dWIh, p.get(0).grad().data(), 1e-5);
        close("weight_hh grad", ref.dWHh, p.get(1).grad().data(), 1e-5);
        close("bias_ih grad", ref.dBIh, p.get(2).grad().data(), 1e-5);
        close("bias_hh grad", ref.dBHh, p.get(3).grad().data(), 1e-5);
    }

    /** Every |actual − expected| ≤ tol · max(1, max|expected|). */
    static void close(String what, double[] expected, float[] actual, double tol) {
        assertTrue(expected.length == actual.length, what + ": " + expected.length + " values expected, " + actual.length + " given");
        double scale = 1;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        int at = 0;
        for (int i = 0; i < expected.length; i++) if (Math.abs(actual[i] - expected[i]) > Math.abs(actual[at] - expected[at])) at = i;
        double worst = Math.abs(actual[at] - expected[at]);
        assertTrue(worst <= tol * scale, what + ": |difference| " + worst + " at " + at + " (expected " + expected[at] + ", got "
                + actual[at] + ") exceeds " + tol + " × " + scale);
    }

    static float[] uniform(SplittableRandom rng, int n, float bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        return v;
    }
}
