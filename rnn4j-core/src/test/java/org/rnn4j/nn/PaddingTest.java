package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/**
 * The strong masking test of DESIGN.md: a padded batch gives every sequence bit-for-bit the outputs and final
 * state of that sequence run alone without padding, and the same gradients up to float rounding (the batch
 * sums its sequences' weight gradients, so only the order of additions differs).
 */
class PaddingTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void paddedBatchEqualsEachSequenceAlone(CellType cell) {
        int F = 5, H = 19, T = 7, N = 4;                  // H = 19: not a multiple of any vector width
        int[] lengths = {7, 3, 1, 5};
        SplittableRandom data = new SplittableRandom(1);
        RnnStack.Config config = new RnnStack.Config(cell, F, H, 2, true, 0f);
        RnnStack batched = new RnnStack(config, Compute.auto(), new SplittableRandom(3));
        RnnStack alone = new RnnStack(config, Compute.auto(), new SplittableRandom(3));
        int B = lengths.length, D = 2, O = D * H, S = config.layers() * D;
        Tensor x = GradientCheckTest.random(data, B, T, F);
        for (int b = 0; b < B; b++) {                      // padding holds garbage: it must not matter
            for (int t = lengths[b]; t < T; t++) Arrays.fill(x.data(), (b * T + t) * F, (b * T + t + 1) * F, 1e3f);
        }
        Tensor dOut = GradientCheckTest.random(data, B, T, O);
        SequenceLayer.Output out = batched.forward(x, lengths, null, null);
        batched.backward(dOut, null);

        List<Param> sum = batched.params();
        float[][] gradSum = new float[sum.size()][];
        for (int i = 0; i < sum.size(); i++) gradSum[i] = new float[sum.get(i).grad().size()];
        for (int b = 0; b < B; b++) {
            int len = lengths[b];
            Tensor xb = Tensor.zeros(1, len, F);
            System.arraycopy(x.data(), b * T * F, xb.data(), 0, len * F);
            SequenceLayer.Output ob = alone.forward(xb, new int[] {len}, null, null);
            float[] expectedOut = Arrays.copyOfRange(out.out().data(), b * T * O, (b * T + len) * O);
            assertArrayEquals(expectedOut, ob.out().data(), cell + ": outputs of sequence " + b);
            for (int t = len; t < T; t++) {
                for (int j = 0; j < O; j++) assertEquals0(out.out().data()[(b * T + t) * O + j]);
            }
            for (int s = 0; s < S; s++) {
                assertArrayEquals(Arrays.copyOfRange(out.last().h().data(), (s * B + b) * H, (s * B + b + 1) * H), Arrays.copyOfRange(ob.last().h().data(), s * H, (s + 1) * H), cell + ": h_n of sequence " + b);
                if (cell.hasCellState()) {
                    assertArrayEquals(Arrays.copyOfRange(out.last().c().data(), (s * B + b) * H, (s * B + b + 1) * H), Arrays.copyOfRange(ob.last().c().data(), s * H, (s + 1) * H), cell + ": c_n of sequence " + b);
                }
            }
            Tensor dOutB = new Tensor(Arrays.copyOfRange(dOut.data(), b * T * O, (b * T + len) * O), 1, len, O);
            for (Param p : alone.params()) p.zeroGrad();
            alone.backward(dOutB, null);
            for (int i = 0; i < sum.size(); i++) {
                float[] g = alone.params().get(i).grad().data();
                for (int j = 0; j < g.length; j++) gradSum[i][j] += g[j];
            }
        }
        for (int i = 0; i < sum.size(); i++) Check.close(cell + " grad " + sum.get(i).name(), gradSum[i], sum.get(i).grad().data(), 1e-5);
    }

    private static void assertEquals0(float v) {
        if (v != 0f) throw new AssertionError("padding output must be exactly 0, got " + v);
    }
}
