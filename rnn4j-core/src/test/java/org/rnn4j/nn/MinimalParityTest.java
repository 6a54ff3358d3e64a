package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.testing.Golden;

/**
 * minGRU and minLSTM × {1 layer padded, 2 layers, bidirectional padded, B 2 × T 200 × H 48 padded (scanned in
 * chunks), 3 bidirectional layers joined by layer norms and residual connections} against a plain PyTorch implementation of the paper's equations (tools/make_golden_minimal.py): outputs,
 * final states and loss within 1e-5 relative, and the outputs of the paper's log-space scan; every gradient within
 * 1e-4 (a weight's gradient sums up to 400 rows in float32).
 */
class MinimalParityTest {
    static final double REL = 1e-5, GRAD_REL = 1e-4;

    static Stream<String> cases() {
        return Stream.of("mingru", "minlstm").flatMap(c -> Stream.of("1layer_padded", "2layer_equal", "bidir_padded", "b2_t200_h48", "3layer_residual_norm").map(s -> c + "_" + s));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesThePapersEquations(String name) {
        Golden g = Golden.load(name);
        CellType type = CellType.parse(g.text("cell"));
        int B = g.integer("B"), T = g.integer("T"), F = g.integer("F"), H = g.integer("H"), L = g.integer("layers");
        boolean bidir = g.bool("bidirectional");
        int N = L * (bidir ? 2 : 1);
        RnnStack.Stacking stacking = new RnnStack.Stacking(g.bool("residual"), g.bool("layer_norm"));
        RnnStack rnn = new RnnStack(new RnnStack.Config(type, F, H, L, bidir, 0f, null, stacking), Compute.auto(), new SplittableRandom(1));
        PytorchParityTest.loadParams(rnn.params(), g, "");
        int[] lengths = g.ints("lengths");
        Tensor x = new Tensor(g.floats("x"), B, T, F);
        State init = new State(new Tensor(g.floats("h0"), N, B, H), null);

        SequenceLayer.Output out = rnn.forward(x, lengths, init, null);
        Check.close(name + " out", g.floats("out"), out.out().data(), REL);
        if (g.has("out_logspace")) Check.close(name + " out (log-space scan)", g.floats("out_logspace"), out.out().data(), REL);
        Check.close(name + " h_n", g.floats("h_n"), out.last().h().data(), REL);

        float[] rOut = g.floats("r_out"), rH = g.floats("r_h");
        double loss = PytorchParityTest.dot(out.out().data(), rOut) + PytorchParityTest.dot(out.last().h().data(), rH);
        assertEquals(g.number("loss"), loss, REL * Math.abs(g.number("loss")) + 1e-5, "loss");

        SequenceLayer.Grads grads = rnn.backward(new Tensor(rOut, B, T, rnn.outputSize()), new State(new Tensor(rH, N, B, H), null));
        for (Param p : rnn.params()) Check.close(name + " grad " + p.name(), Golden.floats(g.node("grads").get(p.name())), p.grad().data(), GRAD_REL);
        Check.close(name + " dx", g.floats("dx"), grads.dx().data(), GRAD_REL);
        Check.close(name + " dh0", g.floats("dh0"), grads.dInit().h().data(), GRAD_REL);
    }
}
