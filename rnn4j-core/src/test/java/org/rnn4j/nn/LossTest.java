package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.testing.Golden;

/** Each loss against PyTorch's value and gradient, and against its own finite differences. */
class LossTest {
    final SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(Compute.auto());

    @Test
    void bceMatchesPytorch() {
        Golden g = Golden.load("loss_bce");
        Loss.Result r = new BinaryCrossEntropy().evaluate(new Tensor(g.floats("logits"), 6), g.floats("target"));
        assertEquals(g.number("loss"), r.value(), 1e-6);
        Check.close("bce grad", g.floats("grad"), r.grad().data(), 1e-5);
    }

    @Test
    void maskedCrossEntropyMatchesPytorch() {
        Golden g = Golden.load("loss_ce");
        int c = g.integer("classes");
        float[] logits = g.floats("logits");
        Loss.Result r = ce.evaluate(new Tensor(logits, logits.length / c, c), g.ints("target"));
        assertEquals(g.number("loss"), r.value(), 1e-5);
        Check.close("ce grad", g.floats("grad"), r.grad().data(), 1e-4);
    }

    @Test
    void mseMatchesPytorch() {
        Golden g = Golden.load("loss_mse");
        Loss.Result r = new MeanSquaredError().evaluate(new Tensor(g.floats("pred"), 4, 3), g.floats("target"));
        assertEquals(g.number("loss"), r.value(), 1e-6);
        Check.close("mse grad", g.floats("grad"), r.grad().data(), 1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(9);
        Tensor x = Tensor.zeros(5, 4);
        for (int i = 0; i < x.size(); i++) x.data()[i] = (float) rng.nextGaussian();
        float[] labels = {1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1};
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        Check.gradient("bce", x, bce.evaluate(x, labels).grad().data(), () -> bce.evaluate(x, labels).value());
        int[] t = {3, SoftmaxCrossEntropy.IGNORE, 0, 2, 1};
        Check.gradient("ce", x, ce.evaluate(x, t).grad().data(), () -> ce.evaluate(x, t).value());
        float[] target = new float[20];
        Check.gradient("mse", x, new MeanSquaredError().evaluate(x, target).grad().data(), () -> new MeanSquaredError().evaluate(x, target).value());
    }

    @Test
    void paddingStepsContributeNothing() {
        Tensor logits = Tensor.zeros(2, 3, 4);
        for (int i = 0; i < logits.size(); i++) logits.data()[i] = (float) Math.sin(i);
        int[] targets = SoftmaxCrossEntropy.maskPadding(new int[] {1, 2, 3, 0, 1, 2}, new int[] {3, 1}, 3);
        Loss.Result full = ce.evaluate(logits, targets);
        for (int t = 1; t < 3; t++) {                       // change the logits of sequence 1's padding steps
            for (int j = 0; j < 4; j++) logits.data()[((1 * 3) + t) * 4 + j] = 100f;
        }
        Loss.Result changed = ce.evaluate(logits, targets);
        assertEquals(full.value(), changed.value(), 0.0);
        for (int t = 1; t < 3; t++) {
            for (int j = 0; j < 4; j++) assertEquals(0f, changed.grad().data()[((1 * 3) + t) * 4 + j]);
        }
    }
}
