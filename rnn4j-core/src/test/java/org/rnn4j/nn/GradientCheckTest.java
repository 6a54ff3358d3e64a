package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/**
 * Finite-difference gradient checks (tolerance and its reason: {@link Check#gradient}) for every cell in
 * single, stacked (with dropout), bidirectional and padded batches, with an initial state, and for Dense and
 * Embedding. The loss is L = Σ out·R + Σ h_n·S (+ Σ c_n·U), which reaches every output and final state.
 */
public class GradientCheckTest {

    static Stream<Arguments> configs() {
        return Stream.of(CellType.values()).flatMap(c -> Stream.of(
                Arguments.of(c, 1, false, 0f, false),
                Arguments.of(c, 1, false, 0f, true),
                Arguments.of(c, 2, false, 0.3f, true),
                Arguments.of(c, 1, true, 0f, true),
                Arguments.of(c, 2, true, 0f, true)));
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} dropout={3} padded={4}")
    @MethodSource("configs")
    void recurrentStack(CellType cell, int layers, boolean bidir, float dropout, boolean padded) {
        int B = 3, T = 4, F = 3, H = 4, N = layers * (bidir ? 2 : 1);
        SplittableRandom data = new SplittableRandom(42);
        RnnStack rnn = new RnnStack(new RnnStack.Config(cell, F, H, layers, bidir, dropout), Compute.auto(), new SplittableRandom(7));
        int[] lengths = padded ? new int[] {2, 4, 1} : Lengths.full(B, T);
        Tensor x = random(data, B, T, F);
        State init = new State(random(data, N, B, H), cell.hasCellState() ? random(data, N, B, H) : null);
        float[] rOut = random(data, B, T, rnn.outputSize()).data();
        float[] rH = random(data, N, B, H).data(), rC = random(data, N, B, H).data();

        DoubleSupplier loss = () -> {
            SequenceLayer.Output o = rnn.forward(x, lengths, init, new SplittableRandom(99));   // same dropout mask every time
            double l = dot(o.out().data(), rOut) + dot(o.last().h().data(), rH);
            return o.last().c() == null ? l : l + dot(o.last().c().data(), rC);
        };
        loss.getAsDouble();
        for (Param p : rnn.params()) p.zeroGrad();
        SequenceLayer.Grads g = rnn.backward(new Tensor(rOut, B, T, rnn.outputSize()),
                new State(new Tensor(rH, N, B, H), cell.hasCellState() ? new Tensor(rC, N, B, H) : null));

        // the minimal cells' g (x + ½ above 0, σ below) is continuous but its slope jumps from ¼ to 1 at 0: a jump
        // times a small downstream gradient is below what Check.gradient tells from rounding, so the narrower
        // differences of gradientPiecewise judge them
        Check.Gradient check = cell.parallelOverTime() ? Check::gradientPiecewise : Check::gradient;
        int kinks = 0, entries = 0;
        for (Param p : rnn.params()) {
            kinks += check.of(p.name(), p.value(), p.grad().data(), loss);
            entries += p.value().size();
        }
        kinks += check.of("dx", x, g.dx().data(), loss);
        kinks += check.of("dh0", init.h(), g.dInit().h().data(), loss);
        entries += x.size() + init.h().size();
        if (cell.hasCellState()) kinks += Check.gradient("dc0", init.c(), g.dInit().c().data(), loss);
        // relu, and the minimal cells' g (x + ½ above 0, σ below: continuous, its slope jumps from ¼ to 1 at 0)
        if (cell == CellType.RNN_RELU || cell.parallelOverTime()) assertTrue(kinks < entries / 10, "too many kinks to judge: " + kinks + " of " + entries);
        else assertEquals(0, kinks, "a smooth cell has no kinks");
    }

    /** Residual connections and layer normalisation between layers, with dropout, padding and both directions. */
    @ParameterizedTest(name = "{0} residual={1} layerNorm={2}")
    @org.junit.jupiter.params.provider.CsvSource({"MINGRU,true,true", "MINLSTM,true,false", "MINGRU,false,true", "LSTM,true,true", "GRU,true,true"})
    void stackedWithResidualsAndNorms(CellType cell, boolean residual, boolean layerNorm) {
        int B = 3, T = 4, F = 3, H = 4, layers = 3, N = layers * 2;
        SplittableRandom data = new SplittableRandom(43);
        RnnStack.Config config = new RnnStack.Config(cell, F, H, layers, true, 0.2f, null, new RnnStack.Stacking(residual, layerNorm));
        RnnStack rnn = new RnnStack(config, Compute.auto(), new SplittableRandom(8));
        for (Param p : rnn.params()) {                                            // norms start at 1 and 0: move them off
            if (p.name().startsWith("norm_")) for (int i = 0; i < p.value().size(); i++) p.value().data()[i] += (float) (0.3 * data.nextGaussian());
        }
        int[] lengths = {2, 4, 1};
        Tensor x = random(data, B, T, F);
        State init = new State(random(data, N, B, H), cell.hasCellState() ? random(data, N, B, H) : null);
        float[] rOut = random(data, B, T, rnn.outputSize()).data(), rH = random(data, N, B, H).data();
        DoubleSupplier loss = () -> {
            SequenceLayer.Output o = rnn.forward(x, lengths, init, new SplittableRandom(99));
            return dot(o.out().data(), rOut) + dot(o.last().h().data(), rH);
        };
        loss.getAsDouble();
        for (Param p : rnn.params()) p.zeroGrad();
        SequenceLayer.Grads g = rnn.backward(new Tensor(rOut, B, T, rnn.outputSize()), new State(new Tensor(rH, N, B, H), cell.hasCellState() ? Tensor.zeros(N, B, H) : null));
        assertEquals(layerNorm ? 4 : 0, rnn.params().stream().filter(p -> p.name().startsWith("norm_")).count());
        Check.Gradient check = cell.parallelOverTime() ? Check::gradientPiecewise : Check::gradient;
        int kinks = 0, entries = x.size();
        for (Param p : rnn.params()) {
            kinks += check.of(p.name(), p.value(), p.grad().data(), loss);
            entries += p.value().size();
        }
        kinks += check.of("dx", x, g.dx().data(), loss);
        assertTrue(kinks < entries / 10, "too many kinks to judge: " + kinks + " of " + entries);
    }

    @Test
    void denseOnSequence() {
        SplittableRandom data = new SplittableRandom(3);
        Dense dense = new Dense(4, 3, Compute.auto(), new SplittableRandom(1));
        Tensor x = random(data, 2, 5, 4);
        float[] r = random(data, 2, 5, 3).data();
        DoubleSupplier loss = () -> dot(dense.forward(x).data(), r);
        loss.getAsDouble();
        Tensor dx = dense.backward(new Tensor(r, 2, 5, 3));
        for (Param p : dense.params()) Check.gradient(p.name(), p.value(), p.grad().data(), loss);
        Check.gradient("dx", x, dx.data(), loss);
    }

    @Test
    void embeddingWithRepeatedTokens() {
        SplittableRandom data = new SplittableRandom(5);
        Embedding emb = new Embedding(6, 3, Compute.auto(), new SplittableRandom(2));
        int[] ids = {1, 4, 1, 0, 5, 1};
        float[] r = random(data, 2, 3, 3).data();
        DoubleSupplier loss = () -> dot(emb.forward(ids, 2, 3).data(), r);
        loss.getAsDouble();
        emb.backward(new Tensor(r, 2, 3, 3));
        Param w = emb.params().get(0);
        Check.gradient("weight", w.value(), w.grad().data(), loss);
    }

    public static Tensor random(SplittableRandom rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) rng.nextGaussian();
        return t;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
