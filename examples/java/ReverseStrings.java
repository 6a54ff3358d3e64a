import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.data.Seq;
import org.rnn4j.model.*;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * Encoder-decoder with attention: reverse strings of letters a-f of different lengths. Shows the attention
 * weights (the decoder looks at the source from the end), beam search, and a save → load round trip.
 */
public class ReverseStrings {
    static final int BOS = 2, EOS = 3, A = 4;

    static int[] encode(String s) { return s.chars().map(c -> A + c - 'a').toArray(); }

    static String decode(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) b.append((char) ('a' + id - A));
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        SplittableRandom rng = new SplittableRandom(9);
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int[] s = rng.ints(rng.nextInt(1, 8), A, A + 6).toArray(), r = new int[s.length];
            for (int j = 0; j < s.length; j++) r[j] = s[s.length - 1 - j];
            x.add(Seq.of(s));
            y.add(r);
        }
        var config = new Seq2Seq.Config(new InputSpec.Tokens(A + 6, 16), A + 6, 16, RnnSpec.of(CellType.LSTM, 64), Attention.Score.DOT, BOS, EOS);
        var model = new Seq2Seq(config, Compute.auto(), rng);
        model.fit(x, y, new Training(12, 32, Training.Method.ADAM, 0.005, 5), rng, Trainer.Listener.printing(System.out, 12, 2));

        Path file = Files.createTempDirectory("rnn4j").resolve("reverse.safetensors");
        model.save(file, Map.of("seed", "9", "task", "reverse a-f strings"));
        var loaded = (Seq2Seq) Models.load(file, Compute.auto()).model();
        for (String s : List.of("abc", "fedcba", "aabbcc")) {
            System.out.printf("%-8s → %s%n", s, decode(loaded.predict(Seq.of(encode(s)), 12)));
        }
        for (Decoding.Hypothesis h : loaded.generate(Seq.of(encode("cafe")), new Decoding.Beam(3, 1.0), 12, null)) {
            System.out.printf("beam: %-6s score %.4f%n", decode(h.tokens()), h.score());
        }
        loaded.logits(List.of(Seq.of(encode("abcd"))), List.of(encode("dcba")));
        var w = loaded.attentionWeights();
        System.out.println("attention of each output letter over the source \"abcd\":");
        for (int i = 0; i < 4; i++) {
            StringBuilder row = new StringBuilder("  " + "dcba".charAt(i) + ":");
            for (int j = 0; j < 4; j++) row.append(String.format(" %.2f", w.get(0, i, j)));
            System.out.println(row);
        }
    }
}
