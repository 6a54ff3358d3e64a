package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * {@link SequenceLayer#infer} keeps only the latest step's caches, yet gives forward's outputs and last state bit
 * for bit, as {@link SequenceLayer#inferLast} gives its last state (stacked, bidirectional, padded, from a given initial state, in any order with forward), and refuses a
 * backward after it; a whole sequence gives the bits of the same sequence fed one step at a time, whatever the
 * batch's split across threads and the number of steps whose input projection is computed ahead.
 */
class InferTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void inferEqualsForwardBitForBit(CellType cell) {
        int F = 5, H = 19, T = 9, B = 4;                  // H = 19: vector tails in every pass
        int[] lengths = {9, 3, 0, 6};
        SplittableRandom data = new SplittableRandom(7);
        RnnStack.Config config = new RnnStack.Config(cell, F, H, 2, true, 0f);
        RnnStack stack = new RnnStack(config, Compute.auto(), new SplittableRandom(3));
        int S = config.layers() * 2;
        Tensor x = GradientCheckTest.random(data, B, T, F);
        State init = new State(GradientCheckTest.random(data, S, B, H), cell.hasCellState() ? GradientCheckTest.random(data, S, B, H) : null);

        SequenceLayer.Output expected = stack.forward(x, lengths, init, null);
        Tensor dOut = GradientCheckTest.random(data, B, T, 2 * H);
        for (int round = 0; round < 2; round++) {          // infer after forward, then forward after infer
            SequenceLayer.Output got = stack.infer(x, lengths, init);
            assertArrayEquals(expected.out().data(), got.out().data(), cell + ": outputs");
            assertArrayEquals(expected.last().h().data(), got.last().h().data(), cell + ": h_n");
            if (cell.hasCellState()) assertArrayEquals(expected.last().c().data(), got.last().c().data(), cell + ": c_n");
            State last = stack.inferLast(x, lengths, init);
            assertArrayEquals(expected.last().h().data(), last.h().data(), cell + ": h_n of inferLast");
            if (cell.hasCellState()) assertArrayEquals(expected.last().c().data(), last.c().data(), cell + ": c_n of inferLast");
            assertThrows(IllegalStateException.class, () -> stack.backward(dOut, null), cell + ": backward after infer");
            SequenceLayer.Output again = stack.forward(x, lengths, init, null);
            assertArrayEquals(expected.out().data(), again.out().data(), cell + ": forward after infer");
            stack.backward(dOut, null);
        }
        Directional one = cell.layer(F, H, "_l0", Compute.auto(), new SplittableRandom(5), null);
        Tensor single = GradientCheckTest.random(data, 1, 1, F);   // one step: infer keeps all there is
        assertArrayEquals(one.forward(single, new int[] {1}, null, null).last().h().data(), one.infer(single, new int[] {1}, null).last().h().data());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aWholeSequenceEqualsOneStepAtATime(CellType cell) {
        int F = 7, H = 128, T = 150;                      // T·G > 64K floats: projections ahead in chunks, one batch row
        for (int B : new int[] {1, 2, 5, 53}) {                // 53: blocks of rows within a thread's share
            SplittableRandom data = new SplittableRandom(B);
            int[] lengths = B == 1 ? new int[] {T} : B == 2 ? new int[] {T, 40} : B == 5 ? new int[] {150, 1, 0, 99, 150}
                    : data.ints(B, 0, T + 1).toArray();
            Directional layer = cell.layer(F, H, "_l0", Compute.auto(), new SplittableRandom(11), null);
            Tensor x = GradientCheckTest.random(data, B, T, F);
            SequenceLayer.Output whole = layer.forward(x, lengths, null, null);

            State state = null;
            for (int t = 0; t < T; t++) {
                Tensor xt = Tensor.zeros(B, 1, F);
                int[] lt = new int[B];
                for (int b = 0; b < B; b++) {
                    System.arraycopy(x.data(), (b * T + t) * F, xt.data(), b * F, F);
                    lt[b] = t < lengths[b] ? 1 : 0;
                }
                SequenceLayer.Output step = layer.infer(xt, lt, state);
                for (int b = 0; b < B; b++) {
                    if (t >= lengths[b]) continue;
                    float[] got = java.util.Arrays.copyOfRange(step.out().data(), b * H, (b + 1) * H);
                    float[] expected = java.util.Arrays.copyOfRange(whole.out().data(), (b * T + t) * H, (b * T + t + 1) * H);
                    same(cell, expected, got, cell + " B=" + B + ": h of row " + b + " at step " + t);
                }
                state = step.last();
            }
            same(cell, whole.last().h().data(), state.h().data(), cell + " B=" + B + ": h_n");
            assertArrayEquals(whole.last().h().data(), layer.inferLast(x, lengths, null).h().data(), cell + " B=" + B + ": h_n of inferLast");
        }
    }

    /**
     * The same bits for the stepped cells; for the cells scanned in parallel, within 1e-5: a whole sequence is scanned
     * in chunks across threads, which sums in another order than one step at a time.
     */
    private static void same(CellType cell, float[] expected, float[] got, String what) {
        if (cell.parallelOverTime()) org.rnn4j.testing.Check.close(what, expected, got, 1e-5);
        else assertArrayEquals(expected, got, what);
    }
}
