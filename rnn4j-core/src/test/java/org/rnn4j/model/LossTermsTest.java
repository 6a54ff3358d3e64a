package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.optim.Gradients;
import org.rnn4j.tensor.Compute;

/**
 * The property data-parallel training rests on: the gradient of a batch is the average of its shards' gradients,
 * each weighted by {@link Model#lossTerms}, for every model kind (padding and sequences of different lengths
 * included). Tolerance 1e-6 relative to the largest gradient.
 */
class LossTermsTest {
    static final Compute COMPUTE = Compute.auto();

    private static <X, Y> void shardsAddUp(Model<X, Y> m, List<X> x, List<Y> y, int split) {
        Gradients.zero(m.params());
        m.trainBatch(x, y, null);
        List<float[]> whole = new ArrayList<>();
        for (Param p : m.params()) whole.add(p.grad().data().clone());
        List<float[]> sum = new ArrayList<>();
        for (Param p : m.params()) sum.add(new float[p.grad().size()]);
        long terms = 0;
        for (int[] range : new int[][] {{0, split}, {split, x.size()}}) {
            List<Y> ys = y.subList(range[0], range[1]);
            long n = m.lossTerms(ys);
            Gradients.zero(m.params());
            m.trainBatch(x.subList(range[0], range[1]), ys, null);
            for (int i = 0; i < sum.size(); i++) {
                float[] g = m.params().get(i).grad().data(), s = sum.get(i);
                for (int j = 0; j < s.length; j++) s[j] += g[j] * n;
            }
            terms += n;
        }
        assertEquals(m.lossTerms(y), terms, "the shards' terms add up to the batch's");
        double max = 0;
        for (float[] g : whole) for (float v : g) max = Math.max(max, Math.abs(v));
        for (int i = 0; i < sum.size(); i++) {
            for (int j = 0; j < sum.get(i).length; j++) {
                assertEquals(whole.get(i)[j], sum.get(i)[j] / terms, 1e-6 * max, m.params().get(i).name() + "[" + j + "]");
            }
        }
    }

    private static List<Seq> tokens(SplittableRandom r, int n, int vocab) {
        List<Seq> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Seq.Tokens(r.ints(2 + r.nextInt(6), 4, vocab).toArray()));
        return out;
    }

    @Test
    void manyToOne() {
        SplittableRandom r = new SplittableRandom(1);
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(12, 4), new RnnSpec(CellType.LSTM, 5, 1, true, 0f), Pooling.MEAN, new Target.Classes(3)),
                COMPUTE, new SplittableRandom(2));
        List<Seq> x = tokens(r, 7, 12);
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < 7; i++) y.add(new float[] {r.nextInt(3)});
        shardsAddUp(m, x, y, 3);
    }

    @Test
    void languageModel() {
        SplittableRandom r = new SplittableRandom(3);
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(12, 4), new RnnSpec(CellType.GRU, 5, 2, false, 0f), 12), COMPUTE, new SplittableRandom(4));
        List<Seq> x = tokens(r, 6, 12);
        List<int[]> y = new ArrayList<>();
        for (Seq s : x) y.add(r.ints(s.length(), 0, 12).toArray());
        shardsAddUp(m, x, y, 2);
    }

    @Test
    void encoderDecoder() {
        SplittableRandom r = new SplittableRandom(5);
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(12, 4), 9, 4, new RnnSpec(CellType.LSTM, 5, 1, true, 0f), Attention.Score.GENERAL, 2, 3),
                COMPUTE, new SplittableRandom(6));
        List<Seq> x = tokens(r, 6, 12);
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < 6; i++) y.add(r.ints(1 + r.nextInt(5), 4, 9).toArray());
        shardsAddUp(m, x, y, 4);
    }

    @Test
    void oneToMany() {
        SplittableRandom r = new SplittableRandom(7);
        var m = new OneToMany(new OneToMany.Config(3, 9, 4, new RnnSpec(CellType.LSTM, 5, 1, false, 0f), 2, 3, null), COMPUTE, new SplittableRandom(8));
        List<float[]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            x.add(new float[] {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()});
            y.add(r.ints(1 + r.nextInt(5), 4, 9).toArray());
        }
        shardsAddUp(m, x, y, 2);
    }
}
