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
 * for bit (stacked, bidirectional, padded, from a given initial state, in any order with forward), and refuses a
 * backward after it.
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
            assertThrows(IllegalStateException.class, () -> stack.backward(dOut, null), cell + ": backward after infer");
            SequenceLayer.Output again = stack.forward(x, lengths, init, null);
            assertArrayEquals(expected.out().data(), again.out().data(), cell + ": forward after infer");
            stack.backward(dOut, null);
        }
        RecurrentLayer one = new RecurrentLayer(cell, F, H, "_l0", Compute.auto(), new SplittableRandom(5));
        Tensor single = GradientCheckTest.random(data, 1, 1, F);   // one step: infer keeps all there is
        assertArrayEquals(one.forward(single, new int[] {1}, null, null).last().h().data(), one.infer(single, new int[] {1}, null).last().h().data());
    }
}
