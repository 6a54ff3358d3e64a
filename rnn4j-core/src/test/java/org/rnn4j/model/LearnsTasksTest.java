package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Training;

/**
 * Each model kind overfits a tiny batch, and learns a synthetic task it can only solve with order or memory,
 * judged on held-out examples: is the sequence sorted (many-to-one), running parity (many-to-many), count to n
 * (one-to-many), reverse a string (encoder-decoder). A one-to-one network on bag-of-words cannot tell
 * "a before b" from "b before a", while the RNN can: the course's "movie was good" / "movie bad was" point.
 */
class LearnsTasksTest {
    static final Compute COMPUTE = Compute.auto();
    static final int BOS = 2, EOS = 3, FIRST = 4;      // 0 pad, 1 unk, then bos and eos, as the vocabularies reserve

    @Test
    void everyKindOverfitsATinyBatch() {
        SplittableRandom r = new SplittableRandom(1);
        Training t = new Training(300, 4, Training.Method.ADAM, 0.03, 0);
        List<Seq> seqs = ModelGradientTest.tokens(r, 8, 3, 5, 2, 4);
        List<int[]> tags = List.of(new int[] {0, 1, 2}, new int[] {2, 2, 1, 0, 1}, new int[] {1, 1}, new int[] {0, 0, 2, 1});
        List<float[]> vectors = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1}, new float[] {1, 1, 0});
        List<float[]> classes = List.of(new float[] {0}, new float[] {1}, new float[] {2}, new float[] {1});
        List<int[]> words = List.of(new int[] {4, 5}, new int[] {6, 6, 7}, new int[] {5}, new int[] {7, 4, 5, 6});
        RnnSpec lstm = RnnSpec.of(CellType.LSTM, 16);

        var m2o = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(8, 4), lstm, Pooling.LAST, new Target.Classes(3)), COMPUTE, new SplittableRandom(2));
        assertTrue(m2o.fit(seqs, classes, t, r).trainLoss() < 0.01, "many-to-one");
        var m2m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(8, 4), lstm, 3), COMPUTE, new SplittableRandom(2));
        assertTrue(m2m.fit(seqs, tags, t, r).trainLoss() < 0.01, "many-to-many");
        var o2m = new OneToMany(new OneToMany.Config(3, 8, 4, lstm, BOS, EOS, null), COMPUTE, new SplittableRandom(2));
        assertTrue(o2m.fit(vectors, words, t, r).trainLoss() < 0.01, "one-to-many");
        var s2s = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(8, 4), 8, 4, lstm, Attention.Score.GENERAL, BOS, EOS), COMPUTE, new SplittableRandom(2));
        assertTrue(s2s.fit(seqs, words, t, r).trainLoss() < 0.01, "encoder-decoder");
        var o2o = new OneToOne(new OneToOne.Config(3, List.of(16), new Target.Classes(3)), COMPUTE, new SplittableRandom(2));
        assertTrue(o2o.fit(vectors, classes, t, r).trainLoss() < 0.01, "one-to-one");
    }

    @Test
    void manyToOneLearnsWhetherASequenceIsSorted() {
        SplittableRandom r = new SplittableRandom(3);
        List<Seq> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            int[] s = r.ints(r.nextInt(3, 7), 0, 8).toArray();
            if (i % 2 == 0) Arrays.sort(s);
            boolean sorted = true;
            for (int j = 1; j < s.length; j++) sorted &= s[j - 1] <= s[j];
            x.add(Seq.of(s));
            y.add(new float[] {sorted ? 1 : 0});
        }
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(8, 8), RnnSpec.of(CellType.LSTM, 32), Pooling.LAST, new Target.Binary()), COMPUTE, new SplittableRandom(4));
        m.fit(x.subList(0, 1000), y.subList(0, 1000), new Training(20, 32, Training.Method.ADAM, 0.01, 5), r);
        double acc = accuracy(m.predict(x.subList(1000, 1200)), y.subList(1000, 1200));
        System.out.println("sorted: held-out accuracy " + acc);
        assertTrue(acc >= 0.95, "held-out accuracy " + acc);
    }

    @Test
    void manyToManyLearnsRunningParity() {
        SplittableRandom r = new SplittableRandom(5);
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            int[] bits = r.ints(r.nextInt(4, 13), 0, 2).toArray(), parity = new int[bits.length];
            for (int t = 0, p = 0; t < bits.length; t++) parity[t] = p ^= bits[t];
            x.add(Seq.of(bits));
            y.add(parity);
        }
        var m = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(2, 4), RnnSpec.of(CellType.GRU, 16), 2), COMPUTE, new SplittableRandom(6));
        m.fit(x.subList(0, 1000), y.subList(0, 1000), new Training(15, 32, Training.Method.ADAM, 0.02, 5), r);
        int right = 0, total = 0;
        for (int i = 1000; i < 1200; i++) {
            int[] p = m.predict(x.get(i));
            for (int t = 0; t < p.length; t++, total++) if (p[t] == y.get(i)[t]) right++;
        }
        System.out.println("parity: held-out step accuracy " + (double) right / total);
        assertTrue(right >= 0.99 * total, "held-out step accuracy " + (double) right / total);
    }

    @Test
    void oneToManyCountsToN() {
        int max = 9;
        List<float[]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            float[] v = new float[max];
            v[n - 1] = 1;
            int[] count = new int[n];
            for (int i = 0; i < n; i++) count[i] = FIRST + i;
            x.add(v);
            y.add(count);
        }
        var m = new OneToMany(new OneToMany.Config(max, FIRST + max, 8, RnnSpec.of(CellType.GRU, 32), BOS, EOS, null), COMPUTE, new SplittableRandom(7));
        m.fit(x, y, new Training(300, 9, Training.Method.ADAM, 0.01, 5), new SplittableRandom(8));
        for (int n = 1; n <= max; n++) assertArrayEquals(y.get(n - 1), m.predict(x.get(n - 1), 20), "count to " + n);
    }

    @Test
    void encoderDecoderReversesHeldOutStrings() {
        SplittableRandom r = new SplittableRandom(9);
        Set<String> seen = new HashSet<>();
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        while (x.size() < 3300) {
            int[] s = r.ints(r.nextInt(1, 8), FIRST, FIRST + 6).toArray();
            if (!seen.add(Arrays.toString(s))) continue;
            int[] rev = new int[s.length];
            for (int i = 0; i < s.length; i++) rev[i] = s[s.length - 1 - i];
            x.add(Seq.of(s));
            y.add(rev);
        }
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(FIRST + 6, 16), FIRST + 6, 16, RnnSpec.of(CellType.LSTM, 64), Attention.Score.DOT, BOS, EOS),
                COMPUTE, new SplittableRandom(10));
        m.fit(x.subList(0, 3000), y.subList(0, 3000), new Training(12, 32, Training.Method.ADAM, 0.005, 5), r);
        int exact = 0;
        for (int i = 3000; i < 3300; i++) if (Arrays.equals(m.predict(x.get(i), 12), y.get(i))) exact++;
        System.out.println("reverse: held-out exact match " + exact / 300.0);
        assertTrue(exact >= 0.99 * 300, "held-out exact match " + exact / 300.0);
    }

    /** Sequences of the tokens a, b and fillers, labelled 1 when a comes before b: every bag of words is ambiguous. */
    @Test
    void onlyTheRnnSeesOrder() {
        SplittableRandom r = new SplittableRandom(11);
        int vocab = 6, a = 4, b = 5;
        List<Seq> seqs = new ArrayList<>();
        List<float[]> bags = new ArrayList<>(), y = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int[] s = r.ints(r.nextInt(3, 7), 0, 4).toArray();
            int ia = r.nextInt(s.length), ib;
            do ib = r.nextInt(s.length); while (ib == ia);
            s[ia] = a;
            s[ib] = b;
            float[] bag = new float[vocab];
            for (int tok : s) bag[tok]++;
            seqs.add(Seq.of(s));
            bags.add(bag);
            y.add(new float[] {ia < ib ? 1 : 0});
        }
        Training t = new Training(20, 32, Training.Method.ADAM, 0.01, 5);
        var dense = new OneToOne(new OneToOne.Config(vocab, List.of(32), new Target.Binary()), COMPUTE, new SplittableRandom(12));
        dense.fit(bags.subList(0, 800), y.subList(0, 800), t, r);
        var rnn = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(vocab, 8), RnnSpec.of(CellType.LSTM, 16), Pooling.LAST, new Target.Binary()), COMPUTE, new SplittableRandom(12));
        rnn.fit(seqs.subList(0, 800), y.subList(0, 800), t, r);
        double denseAcc = accuracy(dense.predict(bags.subList(800, 1000)), y.subList(800, 1000));
        double rnnAcc = accuracy(rnn.predict(seqs.subList(800, 1000)), y.subList(800, 1000));
        System.out.println("order: one-to-one " + denseAcc + ", many-to-one " + rnnAcc);
        assertTrue(denseAcc <= 0.65, "one-to-one on bags of words reached " + denseAcc);
        assertTrue(rnnAcc >= 0.95, "the RNN reached only " + rnnAcc);
    }

    static double accuracy(List<float[]> p, List<float[]> y) {
        int right = 0;
        for (int i = 0; i < p.size(); i++) if ((p.get(i)[0] > 0.5f ? 1 : 0) == y.get(i)[0]) right++;
        return (double) right / p.size();
    }
}
