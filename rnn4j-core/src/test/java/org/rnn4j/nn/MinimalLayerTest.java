package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.NaiveKernels;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/**
 * The scan in chunks across threads against the sequential scan (one chunk a row, the reference): outputs, last
 * state and every gradient within 1e-5 relative, for T from 1 to 4,096, odd chunk counts, padded rows (a length of
 * 0 and of T among them) and H not a multiple of the vector width.
 */
class MinimalLayerTest {

    record Run(float[] out, float[] last, float[] dx, float[] dh0, List<float[]> grads) {}

    static Run run(CellType cell, int T, int chunks, Compute compute) {
        int B = 4, F = 5, H = 20;
        SplittableRandom data = new SplittableRandom(T);
        MinimalLayer layer = new MinimalLayer(cell, F, H, "_l0", compute, new SplittableRandom(3), chunks);
        int[] lengths = {T, 0, Math.max(1, T / 3), Math.max(1, T - 1)};
        Tensor x = random(data, B, T, F), h0 = random(data, 1, B, H);
        for (int i = 0; i < h0.size(); i++) h0.data()[i] = Math.abs(h0.data()[i]);
        SequenceLayer.Output o = layer.forward(x, lengths, new State(h0, null), null);
        SequenceLayer.Grads g = layer.backward(random(data, B, T, H), new State(random(data, 1, B, H), null));
        return new Run(o.out().data(), o.last().h().data(), g.dx().data(), g.dInit().h().data(),
                layer.params().stream().map(p -> p.grad().data()).toList());
    }

    static Tensor random(SplittableRandom r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) r.nextGaussian();
        return t;
    }

    @ParameterizedTest(name = "{0} T={1} chunks={2}")
    @CsvSource({"MINGRU,1,3", "MINGRU,7,3", "MINGRU,64,2", "MINGRU,64,7", "MINGRU,1000,5", "MINGRU,4096,7", "MINGRU,4096,64",
            "MINLSTM,1,2", "MINLSTM,7,7", "MINLSTM,64,3", "MINLSTM,1000,9", "MINLSTM,4096,5"})
    void chunkedScanEqualsTheSequentialOne(CellType cell, int T, int chunks) {
        Compute compute = Compute.auto();
        Run seq = run(cell, T, 1, compute), par = run(cell, T, chunks, compute);
        Check.close("out", seq.out(), par.out(), 1e-5);
        Check.close("last state", seq.last(), par.last(), 1e-5);
        Check.close("dx", seq.dx(), par.dx(), 1e-5);
        Check.close("dh0", seq.dh0(), par.dh0(), 1e-5);
        for (int i = 0; i < seq.grads().size(); i++) Check.close("grad " + i, seq.grads().get(i), par.grads().get(i), 1e-5);
    }

    @Test
    void aLengthOfZeroPassesTheStateThroughAndTheOutputIsZero() {
        Run r = run(CellType.MINGRU, 9, 3, Compute.auto());
        int T = 9, H = 20;
        for (int t = 0; t < T; t++) for (int j = 0; j < H; j++) assertEquals(0f, r.out()[(T + t) * H + j]);   // row 1
    }

    @ParameterizedTest
    @CsvSource({"MINGRU", "MINLSTM"})
    void theVectorGatesGiveTheReferencesBits(CellType cell) {
        Kernels k = Compute.bestKernels();
        MinimalGates plain = cell == CellType.MINGRU ? new MinimalGates.MinGru(k) : new MinimalGates.MinLstm(k), fast = MinimalGates.of(cell, k);
        int n = 64, G = plain.gates() * n;
        SplittableRandom data = new SplittableRandom(8);
        float[] p = random(data, G).data(), g = random(data, n).data(), h = random(data, n).data();
        for (int j = 0; j < G; j += 7) p[j] = j % 2 == 0 ? 0f : -0f;               // g's branch point, both zeros
        float[][] a = new float[2][n], v = new float[2][n], dp = new float[2][G];
        MinimalGates[] both = {plain, fast};
        for (int i = 0; i < 2; i++) {
            both[i].forward(p, 0, a[i], 0, v[i], 0, n, new float[G]);
            both[i].backward(p, 0, g, 0, h, 0, dp[i], 0, n);
        }
        assertArrayEquals(a[0], a[1]);
        assertArrayEquals(v[0], v[1]);
        assertArrayEquals(dp[0], dp[1]);
    }

    @Test
    void theVectorScanKernelsGiveThePlainOnesBits() {
        Kernels plain = new NaiveKernels(), fast = Compute.bestKernels();
        SplittableRandom data = new SplittableRandom(5);
        int steps = 37, width = 45;
        float[] a = random(data, steps, width).data(), v = random(data, steps, width).data();
        for (int stride : new int[] {width, -width}) {
            int start = stride > 0 ? 0 : (steps - 1) * width;
            float[][] h = new float[2][steps * width], state = new float[2][], product = new float[2][], carry = new float[2][];
            Kernels[] ks = {plain, fast};
            for (int i = 0; i < 2; i++) {
                state[i] = random(new SplittableRandom(9), width).data();
                product[i] = random(new SplittableRandom(10), width).data();
                carry[i] = random(new SplittableRandom(11), width).data();
                ks[i].scan(a, start, v, start, h[i], start, stride, steps, width, state[i], 0, product[i], 0);
                ks[i].scanCarry(a, start, h[i], start, stride, steps, width, carry[i], 0);
            }
            assertArrayEquals(h[0], h[1]);
            assertArrayEquals(state[0], state[1]);
            assertArrayEquals(product[0], product[1]);
            assertArrayEquals(carry[0], carry[1]);
        }
    }
}
