package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.SequenceToVector;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.EpochOrder;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * A file sorted by label trains as well as the same file shuffled, with the same seed and settings, also when
 * memory holds only a fifth of it: every epoch is one permutation of the whole file.
 */
class SortedFileTest {
    static final String[] NOUNS = {"movie", "plot", "acting", "ending", "film", "story"};

    /** "the NOUN was [not] good|bad [really]", labelled by what the word order says, as in the course's reviews. */
    static List<String> lines(int n, Random r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean good = r.nextBoolean(), not = r.nextBoolean();
            String text = "the " + NOUNS[r.nextInt(NOUNS.length)] + " was " + (not ? "not " : "") + (good ? "good" : "bad") + (r.nextBoolean() ? " really" : "");
            out.add(((good ^ not) ? "pos" : "neg") + "\t" + text);
        }
        return out;
    }

    static double accuracy(Path train, Path test) throws IOException {
        DataOptions o = new DataOptions(Format.TSV, Tokenizer.WORDS, null, 1, 0, 256, null, 0, 0, null, true, 64);
        ClassifyTask task = (ClassifyTask) Tasks.prepare("classify", train, o);
        SequenceToVector model = task.build(new ModelOptions(CellType.LSTM, 16, 1, false, 8, 0f, null, Pooling.LAST, 3, List.of(16)), new Compute(Compute.bestKernels(), 1), new SplittableRandom(4));
        Training t = new Training(4, 16, Training.Method.ADAM, 0.02, 1.0, 5, 0, 0, Monitor.TRAIN_LOSS, 0, 160);
        EpochOrder<Seq, float[]> order = new EpochOrder<>(() -> task.read(train), 16, 160);
        assertTrue(!order.inMemory(), "memory holds 160 of 800 examples");
        assertEquals(Trainer.Outcome.COMPLETED, new Trainer<>(model, model.params(), t, 4).run(order).outcome());
        try (var s = task.read(test)) {
            return task.evaluate(model, s).scalars().get("accuracy");
        }
    }

    @Test
    void sortedAndShuffledFilesReachTheSameAccuracy(@TempDir Path dir) throws IOException {
        List<String> data = lines(800, new Random(1));
        Path shuffled = dir.resolve("shuffled.tsv"), sorted = dir.resolve("sorted.tsv"), test = dir.resolve("test.tsv");
        Files.write(shuffled, data);
        List<String> bySorted = new ArrayList<>(data);
        bySorted.sort(Comparator.comparing(l -> l.substring(0, 3)));
        Files.write(sorted, bySorted);
        Files.write(test, lines(300, new Random(2)));

        double fromShuffled = accuracy(shuffled, test), fromSorted = accuracy(sorted, test);
        assertTrue(fromShuffled > 0.95, "shuffled file: accuracy " + fromShuffled);
        assertTrue(Math.abs(fromSorted - fromShuffled) <= 0.03, "sorted file: accuracy " + fromSorted + ", shuffled " + fromShuffled);
    }
}
