package org.rnn4j.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.SequenceToVector;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.ClassifyTask;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.EpochOrder;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j quickstart}: the course's sentiment example, end to end on bundled data through the same pieces as
 * {@code rnn4j train}: 163 short reviews ({@code label<TAB>text}, also in examples/data/reviews.tsv) in which word
 * order decides the label ("was good" vs "was not good"), every fifth one held out; an LSTM many-to-one model;
 * then the held-out accuracy and what the model says about new sentences.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Train a small LSTM sentiment model on bundled reviews and show what it learned.")
final class QuickstartCommand implements Callable<Integer> {
    private static final String DATA = "/quickstart/reviews.tsv";

    @Option(names = "--epochs", defaultValue = "40", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--cell", defaultValue = "lstm", completionCandidates = org.rnn4j.options.Cells.class, description = "The recurrent cell: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    CellType cell;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", description = "Show stack traces of failures.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempFile("rnn4j-reviews", ".tsv");
        try (InputStream in = QuickstartCommand.class.getResourceAsStream(DATA)) {
            Files.copy(in, data, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            return run(data);
        } finally {
            Files.deleteIfExists(data);
        }
    }

    @SuppressWarnings("unchecked")
    private int run(Path data) throws Exception {
        ClassifyTask task = (ClassifyTask) Tasks.prepare("classify", data, new DataOptions(Format.TSV, Tokenizer.WORDS, null, 1, 0, 256, null, 0, 0, null, true, 64));
        Compute compute = Compute.auto();
        SequenceToVector model = task.build(new ModelOptions(cell, 32, 1, false, 16, 0f, null, Pooling.LAST, 3, List.of(16)), compute, new SplittableRandom(seed));
        var training = new Training(epochs, 16, Training.Method.ADAM, 0.02, 1.0, 5, 0, 0, new Monitor("accuracy", true), 0, Training.IN_MEMORY);
        var trainer = new Trainer<>(model, model.params(), training, seed);
        long all, held;
        try (Stream<Example<Seq, float[]>> s = task.read(data); Stream<Example<Seq, float[]>> h = heldOut(task.read(data), true)) {
            all = s.count();
            held = h.count();
        }
        System.out.printf("%d reviews, %d held out; vocabulary %d words; %s(32) many-to-one; kernels %s%n",
                all, held, task.inputVocabulary().size(), cell, compute.kernels().name());
        long start = System.nanoTime();
        Trainer.Listener every10 = new Trainer.Listener() {
            @Override
            public void epoch(Trainer.Epoch e, boolean best) {
                if (e.epoch() % 10 == 0 || e.epoch() == 1) {
                    System.out.printf("epoch %3d  training loss %.4f  held-out accuracy %.3f%n", e.epoch(), e.trainLoss(), e.valid().get("accuracy"));
                }
            }
        };
        Trainer.Saver none = new Trainer.Saver() {
            @Override public void checkpoint(Trainer.State s) { }

            @Override public void best(Trainer.State s) { }
        };
        trainer.run(new EpochOrder<>(() -> heldOut(task.read(data), false), training.batchSize(), training.inMemory()),
                () -> {
                    try (var s = heldOut(task.read(data), true)) {
                        return task.evaluate(model, s);
                    }
                }, Trainer.State.start(), none, every10, new AtomicBoolean());
        double accuracy;
        try (var s = heldOut(task.read(data), true)) {
            accuracy = task.evaluate(model, s).scalars().get("accuracy");
        }
        System.out.printf("trained in %.1f s; held-out accuracy %.3f%n%nwhat it says (p = probability that the review is positive):%n",
                (System.nanoTime() - start) / 1e9, accuracy);
        for (String text : List.of("the movie was good", "the movie was not good", "the acting was not bad", "a good plot", "not a good plot", "the ending was bad")) {
            var p = task.predict(model, text, data, 0).get("probabilities");
            System.out.printf("  p=%.2f  %s%n", p.get("1").asDouble(), text);
        }
        System.out.println("\nnext: ./rnn4j train --task classify --train examples/data/reviews.tsv --model out/reviews.safetensors  (README: every task)");
        return 0;
    }

    /** Every fifth review is held out. */
    private static <T> Stream<T> heldOut(Stream<T> s, boolean held) {
        return TrainingData.split(s, 5, held);
    }
}
