package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Training;

/**
 * Whole-run parity on the examples' real data: the first epoch of {@code examples/completion} (a character LSTM
 * language model of the King James Bible) or of {@code examples/g2p} with one layer (a bidirectional LSTM
 * encoder-decoder with attention on the CMU dictionary), prepared by the same task code as {@code rnn4j train}
 * with the recipe's options, but with dropout 0. {@link #main} writes the initial weights, every batch and rnn4j's
 * loss at every step in {@link WholeRun}'s format, for {@code tools/whole_run_parity.py} to train the same model
 * in PyTorch, and rnn4j's final weights (run by {@code tools/whole-run-parity.sh --completion FILE} or
 * {@code --g2p FILE}).
 */
final class FileRun {
    private FileRun() {}

    /** The recipe of {@code examples/completion/train.sh}, one epoch. */
    static WholeRun.Case<?, ?> completion(Path train) {
        DataOptions data = options(train, Tokenizer.CHARS, null);
        ModelOptions model = new ModelOptions(CellType.LSTM, 512, 1, false, 64, 0f, null, null, 0, List.of());
        Training t = new Training(1, 32, Training.Method.ADAM, 0.002, 0.85, 5, 0, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        return of("completion", Tasks.prepare("lm", train, data), train, model, t);
    }

    /** The recipe of {@code examples/g2p/train.sh} with {@code --layers 1}, one epoch, dropout 0. */
    static WholeRun.Case<?, ?> g2p(Path train) {
        DataOptions data = options(train, Tokenizer.CHARS, Tokenizer.SPLIT);
        ModelOptions model = new ModelOptions(CellType.LSTM, 256, 1, true, 64, 0f, Attention.Score.GENERAL, null, 0, List.of());
        Training t = new Training(1, 64, Training.Method.ADAM, 0.003, 0.9, 5, 0, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        return of("g2p", Tasks.prepare("seq2seq", train, data), train, model, t);
    }

    /** The command line's defaults for a file of this name. */
    private static DataOptions options(Path train, Tokenizer tokens, Tokenizer target) {
        return new DataOptions(Format.of(train), tokens, target, 1, 0, 256, null, 20, 1, null, true, 64);
    }

    private static <X, Y, M extends Model<X, Y>> WholeRun.Case<X, Y> of(String name, Task<X, Y, M> task, Path train, ModelOptions options, Training t) {
        List<X> x = new ArrayList<>();
        List<Y> y = new ArrayList<>();
        try (Stream<Example<X, Y>> s = task.read(train)) {
            s.forEach(e -> {
                x.add(e.x());
                y.add(e.y());
            });
        }
        long seed = 1;
        M probe = task.build(options, WholeRun.compute(), new SplittableRandom(seed));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", probe instanceof Seq2Seq ? "seq2seq" : "many-to-many");
        s.put("cell", options.cell().name());
        s.put("embedding", options.embedding());
        s.put("hidden", options.hidden());
        s.put("layers", options.layers());
        s.put("bidirectional", options.bidirectional());
        if (probe instanceof Seq2Seq m) {
            s.put("vocab", rows(probe, "encoder.embedding.weight"));
            s.put("target_vocab", m.config().targetVocab());
            s.put("score", options.attention().name());
            s.put("bos", m.config().bos());
            s.put("eos", m.config().eos());
        } else {
            s.put("vocab", rows(probe, "embedding.weight"));
            s.put("classes", rows(probe, "head.weight"));
        }
        WholeRun.putTraining(s, t);
        return new WholeRun.Case<>(name, () -> task.build(options, WholeRun.compute(), new SplittableRandom(seed)), x, y, t, seed, s);
    }

    private static int rows(Model<?, ?> m, String param) {
        for (Param p : m.params()) if (p.name().equals(param)) return p.value().dim(0);
        throw new IllegalStateException("no parameter " + param);
    }

    /** {@code FileRun DIR completion|g2p TRAIN_FILE}: writes NAME.init.safetensors, NAME.batches.safetensors and NAME.json into DIR. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0])), train = Path.of(args[2]);
        WholeRun.Case<?, ?> run = switch (args[1]) {
            case "completion" -> completion(train);
            case "g2p" -> g2p(train);
            default -> throw new IllegalArgumentException("expected completion or g2p, got " + args[1]);
        };
        WholeRun.dump(run, dir);
    }
}
