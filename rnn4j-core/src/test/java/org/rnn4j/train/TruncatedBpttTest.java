package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/** Truncated BPTT: carries the state exactly, equals full BPTT when k ≥ T, and cuts gradients at chunk borders. */
class TruncatedBpttTest {
    final int B = 2, T = 9, F = 3, H = 5;
    final int[] lengths = {9, 6};

    RnnStack stack() {
        return new RnnStack(new RnnStack.Config(CellType.LSTM, F, H, 2, false, 0f), Compute.auto(), new SplittableRandom(4));
    }

    Tensor input() {
        Tensor x = Tensor.zeros(B, T, F);
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < x.size(); i++) x.data()[i] = (float) r.nextGaussian();
        return x;
    }

    /** ∂L/∂out = 1 on every step: L = Σ out. */
    static Tensor ones(Tensor out) {
        Tensor d = Tensor.zeros(out.shape());
        d.fill(1f);
        return d;
    }

    @Test
    void chunkedStateEqualsTheWholeSequenceAndKAtLeastTIsFullBptt() {
        RnnStack full = stack(), chunked = stack();
        Tensor x = input();
        SequenceLayer.Output o = full.forward(x, lengths, null, null);
        full.backward(ones(o.out()), null);
        State last = TruncatedBptt.run(chunked, x, lengths, 4, null, null, (out, start, len) -> ones(out), () -> {});
        assertArrayEquals(o.last().h().data(), last.h().data(), "state carried across chunks is exact");
        assertArrayEquals(o.last().c().data(), last.c().data());

        RnnStack whole = stack();
        TruncatedBptt.run(whole, x, lengths, T, null, null, (out, start, len) -> ones(out), () -> {});
        for (int i = 0; i < full.params().size(); i++) {
            Check.close("k = T " + full.params().get(i).name(), full.params().get(i).grad().data(), whole.params().get(i).grad().data(), 1e-6);
        }
    }

    @Test
    void gradientsStopAtChunkBorders() {
        RnnStack tbptt = stack(), byHand = stack();
        Tensor x = input();
        TruncatedBptt.run(tbptt, x, lengths, 5, null, null, (out, start, len) -> ones(out), () -> {});
        // By hand: chunk 1 from zero state; chunk 2 from chunk 1's final state taken as a constant.
        Tensor x1 = slice(x, 0, 5), x2 = slice(x, 5, 4);
        SequenceLayer.Output o1 = byHand.forward(x1, new int[] {5, 5}, null, null);
        byHand.backward(ones(o1.out()), null);
        State carried = new State(o1.last().h().copy(), o1.last().c().copy());
        SequenceLayer.Output o2 = byHand.forward(x2, new int[] {4, 1}, carried, null);
        byHand.backward(ones(o2.out()), null);
        for (int i = 0; i < tbptt.params().size(); i++) {
            Param a = tbptt.params().get(i), b = byHand.params().get(i);
            assertArrayEquals(b.grad().data(), a.grad().data(), a.name());
        }
    }

    Tensor slice(Tensor x, int start, int len) {
        Tensor out = Tensor.zeros(B, len, F);
        for (int b = 0; b < B; b++) System.arraycopy(x.data(), (b * T + start) * F, out.data(), b * len * F, len * F);
        return out;
    }
}
