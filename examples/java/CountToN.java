import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.model.*;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * One-to-many: a number n (as a one-hot vector) sets the decoder's initial state; the decoder writes "1 2 ... n".
 * Beam search lists the best candidates with their scores, as the course's caption demo does.
 */
public class CountToN {
    static final int BOS = 2, EOS = 3, ONE = 4, MAX = 9;

    public static void main(String[] args) {
        List<float[]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int n = 1; n <= MAX; n++) {
            float[] v = new float[MAX];
            v[n - 1] = 1;
            x.add(v);
            y.add(java.util.stream.IntStream.range(0, n).map(i -> ONE + i).toArray());
        }
        SplittableRandom rng = new SplittableRandom(7);
        var model = new OneToMany(new OneToMany.Config(MAX, ONE + MAX, 8, RnnSpec.of(CellType.GRU, 32), BOS, EOS, null), Compute.auto(), rng);
        model.fit(x, y, new Training(300, 9, Training.Method.ADAM, 0.01, 5), rng, Trainer.Listener.printing(System.out, 300, 100));
        for (Decoding.Hypothesis h : model.generate(x.get(4), new Decoding.Beam(3, 1.0), 12, null)) {
            StringBuilder s = new StringBuilder();
            for (int t : h.tokens()) s.append(t - ONE + 1).append(' ');
            System.out.printf("n = 5: %-20s score %.4f%s%n", s, h.score(), h.finished() ? "" : " (unfinished)");
        }
    }
}
