package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.testing.Golden;

/**
 * SimpleRNN (tanh, relu), LSTM and GRU × {1 layer, 2 layers, bidirectional} × {equal lengths, padded}
 * against PyTorch (fixtures from tools/make_golden.py): outputs, final states, loss and every gradient,
 * including the inputs' and the initial state's, within 1e-4 relative; and a bidirectional LSTM at B = 33, H = 64.
 */
class PytorchParityTest {
    static final double REL = 1e-4;

    static Stream<String> cases() {
        return Stream.of("rnn_tanh", "rnn_relu", "lstm", "gru")
                .flatMap(c -> Stream.of("1layer", "2layer", "bidir").map(l -> c + "_" + l))
                .flatMap(c -> Stream.of(c + "_equal", c + "_padded"));
    }

    static CellType cellType(String name) {
        return switch (name) {
            case "rnn_tanh" -> CellType.RNN_TANH;
            case "rnn_relu" -> CellType.RNN_RELU;
            case "lstm" -> CellType.LSTM;
            case "gru" -> CellType.GRU;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Copies the fixture's parameters into the stack, checking that names and sizes correspond one to one. */
    static void loadParams(List<Param> params, Golden g, String prefix) {
        assertEquals(g.node("params").size(), params.size(), "parameter count");
        for (Param p : params) {
            float[] v = Golden.floats(g.node("params").get(prefix + p.name()));
            assertEquals(p.value().size(), v.length, p.name());
            System.arraycopy(v, 0, p.value().data(), 0, v.length);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesPytorch(String name) {
        Golden g = Golden.load(name);
        CellType type = cellType(g.text("cell"));
        int B = g.integer("B"), T = g.integer("T"), F = g.integer("F"), H = g.integer("H"), L = g.integer("layers");
        boolean bidir = g.bool("bidirectional");
        int N = L * (bidir ? 2 : 1);
        RnnStack rnn = new RnnStack(new RnnStack.Config(type, F, H, L, bidir, 0f), Compute.auto(), new SplittableRandom(1));
        loadParams(rnn.params(), g, "");
        int[] lengths = g.ints("lengths");
        Tensor x = new Tensor(g.floats("x"), B, T, F);
        State init = new State(new Tensor(g.floats("h0"), N, B, H), g.has("c0") ? new Tensor(g.floats("c0"), N, B, H) : null);

        SequenceLayer.Output out = rnn.forward(x, lengths, init, null);
        Check.close(name + " out", g.floats("out"), out.out().data(), REL);
        Check.close(name + " h_n", g.floats("h_n"), out.last().h().data(), REL);
        if (g.has("c_n")) Check.close(name + " c_n", g.floats("c_n"), out.last().c().data(), REL);

        float[] rOut = g.floats("r_out"), rH = g.floats("r_h");
        double loss = dot(out.out().data(), rOut) + dot(out.last().h().data(), rH);
        State dLast = new State(new Tensor(rH, N, B, H), g.has("r_c") ? new Tensor(g.floats("r_c"), N, B, H) : null);
        if (g.has("r_c")) loss += dot(out.last().c().data(), g.floats("r_c"));
        assertEquals(g.number("loss"), loss, REL * Math.abs(g.number("loss")) + 1e-5, "loss");

        SequenceLayer.Grads grads = rnn.backward(new Tensor(rOut, B, T, rnn.outputSize()), dLast);
        for (Param p : rnn.params()) Check.close(name + " grad " + p.name(), Golden.floats(g.node("grads").get(p.name())), p.grad().data(), REL);
        Check.close(name + " dx", g.floats("dx"), grads.dx().data(), REL);
        Check.close(name + " dh0", g.floats("dh0"), grads.dInit().h().data(), REL);
        if (g.has("dc0")) Check.close(name + " dc0", g.floats("dc0"), grads.dInit().c().data(), REL);
    }

    /**
     * A bidirectional LSTM at sizes that take the fast paths (B = 33: a second block of 24 rows; H = 64: the packed
     * GEMM; padded rows), on one thread and two: outputs, final states and every gradient within 1e-4 relative.
     * Weights and inputs are {@link Golden#det} values on both sides, so the fixture holds only PyTorch's results.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void matchesPytorchAtRealShapes(int threads) {
        Golden g = Golden.load("lstm_bidir_b33_h64");
        int B = g.integer("B"), T = g.integer("T"), F = g.integer("F"), H = g.integer("H");
        RnnStack rnn = new RnnStack(new RnnStack.Config(CellType.LSTM, F, H, 1, true, 0f), new Compute(Compute.bestKernels(), threads), new SplittableRandom(1));
        List<Param> params = rnn.params();
        assertEquals(g.node("names").size(), params.size());
        for (int k = 0; k < params.size(); k++) {
            Param p = params.get(k);
            assertEquals(g.node("names").get(k).asText(), p.name());
            System.arraycopy(Golden.det(p.value().size(), k + 1, 1 / Math.sqrt(H)), 0, p.value().data(), 0, p.value().size());
        }
        int[] lengths = g.ints("lengths");
        Tensor x = new Tensor(Golden.det(B * T * F, 100, 1.0), B, T, F);
        State init = new State(new Tensor(Golden.det(2 * B * H, 101, 0.5), 2, B, H), new Tensor(Golden.det(2 * B * H, 102, 0.5), 2, B, H));
        SequenceLayer.Output out = rnn.forward(x, lengths, init, null);
        Check.close("out", g.floats("out"), out.out().data(), REL);
        Check.close("h_n", g.floats("h_n"), out.last().h().data(), REL);
        Check.close("c_n", g.floats("c_n"), out.last().c().data(), REL);
        float[] rOut = Golden.det(B * T * 2 * H, 103, 1.0), rH = Golden.det(2 * B * H, 104, 1.0), rC = Golden.det(2 * B * H, 105, 1.0);
        double loss = dot(out.out().data(), rOut) + dot(out.last().h().data(), rH) + dot(out.last().c().data(), rC);
        assertEquals(g.number("loss"), loss, REL * Math.abs(g.number("loss")), "loss");
        SequenceLayer.Grads grads = rnn.backward(new Tensor(rOut, B, T, 2 * H), new State(new Tensor(rH, 2, B, H), new Tensor(rC, 2, B, H)));
        for (Param p : params) Check.close("grad " + p.name(), Golden.floats(g.node("grads").get(p.name())), p.grad().data(), REL);
        Check.close("dx", g.floats("dx"), grads.dx().data(), REL);
        Check.close("dh0", g.floats("dh0"), grads.dInit().h().data(), REL);
        Check.close("dc0", g.floats("dc0"), grads.dInit().c().data(), REL);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
