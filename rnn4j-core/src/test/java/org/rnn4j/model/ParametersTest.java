package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.tensor.Compute;

/** The parameter count of a config, computed without building it, equals that of the model it builds: 400 random configs of every kind. */
class ParametersTest {
    static final Compute COMPUTE = new Compute(Compute.bestKernels(), 1);

    @Test
    void countsMatchTheBuiltModels() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 400; i++) {
            CellType cell = CellType.values()[r.nextInt(CellType.values().length)];
            int layers = r.nextInt(1, 4);
            RnnStack.Stacking stacking = layers == 1 ? RnnStack.Stacking.PLAIN : new RnnStack.Stacking(r.nextBoolean(), r.nextBoolean());
            RnnSpec rnn = new RnnSpec(cell, r.nextInt(1, 9), layers, r.nextBoolean(), 0f, null, stacking);
            InputSpec input = r.nextBoolean() ? new InputSpec.Tokens(r.nextInt(5, 20), r.nextInt(1, 6)) : new InputSpec.Vectors(r.nextInt(1, 6));
            Attention.Score[] scores = {null, Attention.Score.DOT, Attention.Score.GENERAL, Attention.Score.ADDITIVE};
            Attention.Score score = scores[r.nextInt(4)];
            if (score == Attention.Score.DOT && rnn.bidirectional()) score = Attention.Score.GENERAL;     // dot needs equal query and key widths
            List<Integer> hidden = new ArrayList<>();
            for (int l = r.nextInt(0, 3); l > 0; l--) hidden.add(r.nextInt(1, 7));
            RnnSpec decoder = rnn.unidirectional();
            Model<?, ?> m = switch (i % 5) {
                case 0 -> new ManyToOne(new ManyToOne.Config(input, rnn, Pooling.LAST, new Target.Classes(r.nextInt(2, 5))), COMPUTE, r);
                case 1 -> new ManyToMany(new ManyToMany.Config(input, rnn, r.nextInt(2, 5)), COMPUTE, r);
                case 2 -> {
                    if (r.nextBoolean()) yield new OneToMany(new OneToMany.Config(r.nextInt(1, 6), r.nextInt(5, 12), r.nextInt(1, 6), decoder, 2, 3, null), COMPUTE, r);
                    List<Integer> filters = new ArrayList<>();
                    for (int b = r.nextInt(1, 3); b > 0; b--) filters.add(r.nextInt(1, 5));
                    var image = new org.rnn4j.vision.ConvEncoder.Config(r.nextInt(4, 9), r.nextInt(4, 9), r.nextInt(1, 4), 1 + 2 * r.nextInt(0, 2), filters);
                    yield new OneToMany(new OneToMany.Config(image.pixels(), r.nextInt(5, 12), r.nextInt(1, 6), decoder, 2, 3, image), COMPUTE, r);
                }
                case 3 -> new Seq2Seq(new Seq2Seq.Config(input, r.nextInt(5, 12), r.nextInt(1, 6), rnn, score, 2, 3), COMPUTE, r);
                default -> new OneToOne(new OneToOne.Config(r.nextInt(1, 9), hidden, new Target.Regression(r.nextInt(1, 4))), COMPUTE, r);
            };
            long built = m.params().stream().mapToLong(p -> p.value().size()).sum();
            assertEquals(built, Parameters.of(m.config()), "config " + m.config());
        }
    }

    @Test
    void anOverflowingConfigCountsAsTooMany() {
        RnnSpec huge = new RnnSpec(CellType.LSTM, 1 << 30, 1 << 20, true, 0f);
        assertEquals(Long.MAX_VALUE, Parameters.of(new ManyToMany.Config(new InputSpec.Tokens(Integer.MAX_VALUE, Integer.MAX_VALUE), huge, 3)));
    }
}
