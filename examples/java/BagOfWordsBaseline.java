import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.data.Seq;
import org.rnn4j.model.*;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * One-to-one against many-to-one on the same data: is "a" before "b" in a sequence of filler tokens? Every bag of
 * words is shared by both labels, so the dense network stays at chance while the RNN reads the order.
 */
public class BagOfWordsBaseline {
    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(11);
        int vocab = 6, a = 4, b = 5;
        List<Seq> seqs = new ArrayList<>();
        List<float[]> bags = new ArrayList<>(), y = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int[] s = rng.ints(rng.nextInt(3, 7), 0, 4).toArray();
            int ia = rng.nextInt(s.length), ib;
            do ib = rng.nextInt(s.length); while (ib == ia);
            s[ia] = a;
            s[ib] = b;
            float[] bag = new float[vocab];
            for (int t : s) bag[t]++;
            seqs.add(Seq.of(s));
            bags.add(bag);
            y.add(new float[] {ia < ib ? 1 : 0});
        }
        Training training = new Training(20, 32, Training.Method.ADAM, 0.01, 5);
        var dense = new OneToOne(new OneToOne.Config(vocab, List.of(32), new Target.Binary()), Compute.auto(), rng);
        System.out.println("one-to-one on bags of words:");
        dense.fit(bags.subList(0, 800), y.subList(0, 800), training, rng, Trainer.Listener.printing(System.out, 20, 10));
        var rnn = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(vocab, 8), RnnSpec.of(CellType.LSTM, 16), Pooling.LAST, new Target.Binary()), Compute.auto(), rng);
        System.out.println("many-to-one LSTM:");
        rnn.fit(seqs.subList(0, 800), y.subList(0, 800), training, rng, Trainer.Listener.printing(System.out, 20, 10));
        System.out.printf("held-out accuracy: one-to-one on bags of words %.2f, many-to-one LSTM %.2f%n",
                accuracy(dense.predict(bags.subList(800, 1000)), y.subList(800, 1000)), accuracy(rnn.predict(seqs.subList(800, 1000)), y.subList(800, 1000)));
    }

    static double accuracy(List<float[]> p, List<float[]> y) {
        int right = 0;
        for (int i = 0; i < p.size(); i++) if ((p.get(i)[0] > 0.5f ? 1f : 0f) == y.get(i)[0]) right++;
        return right / (double) p.size();
    }
}
