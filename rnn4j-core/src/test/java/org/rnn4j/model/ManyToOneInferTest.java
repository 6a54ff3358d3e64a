package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;

/**
 * A many-to-one model's inference path ({@link ManyToOne#logits}, {@link ManyToOne#predict}, {@link ManyToOne#loss}),
 * which keeps no caches and, when it pools the last state, writes no per-step outputs, gives the training
 * forward's numbers bit for bit: every pooling, stacked and bidirectional, padded batches with an empty sequence.
 */
class ManyToOneInferTest {

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void inferenceEqualsTheTrainingForward(Pooling pooling) {
        SplittableRandom r = new SplittableRandom(17);
        for (CellType cell : CellType.values()) {
            var model = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(9, 4), new RnnSpec(cell, 7, 2, true, 0f), pooling, new Target.Classes(3)),
                    Compute.auto(), r);
            List<Seq> x = ModelGradientTest.tokens(r, 9, 6, 1, 0, 11, 4);
            List<float[]> y = List.of(new float[] {0}, new float[] {2}, new float[] {1}, new float[] {1}, new float[] {0});
            float[] expected = model.forward(x, null).data();
            assertArrayEquals(expected, model.logits(x).data(), cell + " " + pooling + ": logits");
            List<float[]> predicted = model.predict(x);
            for (int b = 0; b < x.size(); b++) {
                float[] probabilities = model.config().target().predict(Arrays.copyOfRange(expected, b * 3, (b + 1) * 3));
                assertArrayEquals(probabilities, predicted.get(b), cell + " " + pooling + ": probabilities of sequence " + b);
            }
            double loss = model.config().target().loss(model.forward(x, null), y, Compute.auto()).value();
            assertEquals(loss, model.loss(x, y), cell + " " + pooling + ": loss");
        }
    }
}
