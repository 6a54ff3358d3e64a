package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Training;

/**
 * The same seed gives the same weights, bit for bit: across repeated runs in one JVM (the first runs partly
 * interpreted, later ones compiled, so kernels must compute identically in both) and across thread counts.
 */
class ReproducibilityTest {

    static float[] train(int threads) {
        SplittableRandom rng = new SplittableRandom(9);
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int[] s = rng.ints(rng.nextInt(1, 8), 4, 10).toArray(), r = new int[s.length];
            for (int j = 0; j < s.length; j++) r[j] = s[s.length - 1 - j];
            x.add(Seq.of(s));
            y.add(r);
        }
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(10, 16), 10, 16, new RnnSpec(CellType.LSTM, 40, 1, true, 0.1f), Attention.Score.ADDITIVE, 2, 3),
                new Compute(Compute.bestKernels(), threads), rng);
        m.fit(x, y, new Training(2, 32, Training.Method.ADAM, 0.005, 5), rng);
        List<Float> all = new ArrayList<>();
        for (Param p : m.params()) for (float v : p.value().data()) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    @Test
    void sameSeedSameWeightsColdOrWarmAndOnAnyThreadCount() {
        float[] first = train(1);
        for (int run = 0; run < 3; run++) assertArrayEquals(first, train(1), "run " + run + " on one thread");
        assertArrayEquals(first, train(2), "two threads");
    }
}
