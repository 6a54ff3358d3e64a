import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.data.Seq;
import org.rnn4j.model.*;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * Many-to-one: the course's reviews where word order decides the label ("movie was good" vs "movie was not good",
 * "good movie" vs "not a good movie"). An LSTM reads the words; its last state says positive or negative.
 */
public class MovieReviews {
    static final Map<String, Integer> VOCAB = Map.of("<pad>", 0, "movie", 1, "was", 2, "good", 3, "bad", 4, "not", 5, "a", 6, "very", 7);

    static Seq words(String text) {
        return Seq.of(java.util.Arrays.stream(text.split(" ")).mapToInt(VOCAB::get).toArray());
    }

    public static void main(String[] args) {
        List<String> texts = List.of("movie was good", "movie was bad", "movie was not good", "movie was not bad",
                "good movie", "bad movie", "not a good movie", "not a bad movie", "movie was very good", "movie was very bad",
                "a very good movie", "a very bad movie", "movie was not very good", "not a very bad movie");
        List<float[]> labels = List.of(new float[] {1}, new float[] {0}, new float[] {0}, new float[] {1}, new float[] {1}, new float[] {0},
                new float[] {0}, new float[] {1}, new float[] {1}, new float[] {0}, new float[] {1}, new float[] {0}, new float[] {0}, new float[] {1});
        SplittableRandom rng = new SplittableRandom(42);
        var model = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(VOCAB.size(), 8), RnnSpec.of(CellType.LSTM, 16), Pooling.LAST, new Target.Binary()),
                Compute.auto(), rng);
        var history = model.fit(texts.stream().map(MovieReviews::words).toList(), labels, new Training(150, 14, Training.Method.ADAM, 0.02, 5), rng,
                Trainer.Listener.printing(System.out, 150, 50));
        System.out.printf("training loss %.4f%n", history.trainLoss());
        for (String s : List.of("movie was good", "movie was not good", "not a bad movie", "a very good movie")) {
            System.out.printf("%-22s p(positive) = %.3f%n", s, model.predict(words(s))[0]);
        }
    }
}
