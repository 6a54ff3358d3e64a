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
 * Many-to-many, same length: tag every bit of a sequence with the parity of the bits so far, which needs memory.
 * Then stream: feed bits one at a time, as they arrive, and read the tag of each.
 */
public class RunningParity {
    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(5);
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int[] bits = rng.ints(rng.nextInt(4, 13), 0, 2).toArray(), parity = new int[bits.length];
            for (int t = 0, p = 0; t < bits.length; t++) parity[t] = p ^= bits[t];
            x.add(Seq.of(bits));
            y.add(parity);
        }
        var model = new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(2, 4), RnnSpec.of(CellType.GRU, 16), 2), Compute.auto(), rng);
        model.fit(x, y, new Training(15, 32, Training.Method.ADAM, 0.02, 5), rng, Trainer.Listener.printing(System.out, 15, 5));
        System.out.println("tags of 1 0 1 1 0 1: " + java.util.Arrays.toString(model.predict(Seq.of(1, 0, 1, 1, 0, 1))));
        ManyToMany.Stream stream = model.stream();
        StringBuilder tags = new StringBuilder("streamed one bit at a time:");
        for (int bit : new int[] {1, 0, 1, 1, 0, 1}) {
            float[] logits = stream.feed(Seq.of(bit))[0];
            tags.append(' ').append(logits[1] > logits[0] ? 1 : 0);
        }
        System.out.println(tags);
    }
}
