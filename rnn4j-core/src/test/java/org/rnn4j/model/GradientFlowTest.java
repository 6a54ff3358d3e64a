package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Training;

/**
 * The gradient-flow measurement (‖∂L/∂h_t‖ per step) shows what the course explains: trained on the same task
 * whose answer is the first of 30 random tokens, a SimpleRNN's gradient at step 1 is a vanishing fraction of its
 * gradient at step T (measured: about 1e-14), while an LSTM's stays within a few orders of magnitude (about 1e-2).
 */
class GradientFlowTest {
    static final int T = 30;

    record Data(List<Seq> x, List<float[]> y) {}

    static Data longDependency(SplittableRandom r, int n) {
        List<Seq> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = r.ints(T, 0, 8).toArray();
            x.add(Seq.of(s));
            y.add(new float[] {s[0] < 4 ? 1 : 0});                    // the label is decided by the first token alone
        }
        return new Data(x, y);
    }

    static double[] trainAndMeasure(CellType cell) {
        Data train = longDependency(new SplittableRandom(1), 2000), valid = longDependency(new SplittableRandom(2), 64);
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(8, 8), RnnSpec.of(cell, 32), Pooling.LAST, new Target.Binary()),
                Compute.auto(), new SplittableRandom(3));
        m.fit(train.x(), train.y(), new Training(12, 32, Training.Method.ADAM, 0.01, 5), new SplittableRandom(4));
        return m.gradientFlow(valid.x(), valid.y())[0];
    }

    @Test
    void simpleRnnGradientVanishesWhereLstmsDoesNot() {
        double[] rnn = trainAndMeasure(CellType.RNN_TANH), lstm = trainAndMeasure(CellType.LSTM);
        assertEquals(T, rnn.length);
        double rnnRatio = rnn[0] / rnn[T - 1], lstmRatio = lstm[0] / lstm[T - 1];
        System.out.printf("gradient flow ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖: SimpleRNN %.3g, LSTM %.3g%n", rnnRatio, lstmRatio);
        assertTrue(rnnRatio < 1e-6, "SimpleRNN ratio " + rnnRatio);
        assertTrue(lstmRatio > 1e-4, "LSTM ratio " + lstmRatio);
        assertTrue(lstmRatio > 1e3 * rnnRatio, "LSTM ratio " + lstmRatio + " against SimpleRNN " + rnnRatio);
    }

    @Test
    void theLastStepsGradientIsTheHeadsGradient() {
        // at t = T nothing follows h_T but the head: ∂L/∂h_T = W_oᵀ ∂L/∂ŷ, for every sequence of full length
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(5, 3), RnnSpec.of(CellType.GRU, 4), Pooling.LAST, new Target.Regression(1)),
                Compute.auto(), new SplittableRandom(5));
        List<Seq> x = List.of(Seq.of(1, 2, 3), Seq.of(4, 3, 2));
        List<float[]> y = List.of(new float[] {0.5f}, new float[] {-1f});
        double[] flow = m.gradientFlow(x, y)[0];
        List<float[]> pred = m.predict(x);
        float[] w = m.params().stream().filter(p -> p.name().equals("head.weight")).findFirst().orElseThrow().value().data();
        double norm = 0;
        for (float v : w) norm += v * v;
        double expected = 0;
        for (int i = 0; i < 2; i++) expected += Math.abs(2 * (pred.get(i)[0] - y.get(i)[0]) / 2) * Math.sqrt(norm);   // MSE mean over 2: dL/dŷ = (ŷ - y)
        assertEquals(expected / 2, flow[2], 1e-6);
    }
}
