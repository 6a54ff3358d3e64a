package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.task.TaskModel;
import org.rnn4j.model.Scores;
import org.rnn4j.task.ClassificationScores;
import org.rnn4j.task.RegressionScores;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j evaluate}: the task's metrics of a model on a labelled file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a model on labelled data (same format as training).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by rnn4j train.") Path model;
    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Labelled data in the training format.") Path test;
    @Option(names = "--json", description = "Print one JSON object of metrics.") boolean json;
    @Option(names = "--beam", defaultValue = "1", description = "seq2seq and caption: decode by beam search of this width (default ${DEFAULT-VALUE}: greedy).") int beam;
    @Option(names = "--threads", defaultValue = "0", description = "Compute threads (0: all cores).") int threads;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        Require.readable("--test", test);
        Require.threads(threads);
        TaskModel<Object, Object, Model<Object, Object>> tm = ModelFiles.load(model, threads);
        Scores scores;
        Decoding.Strategy decoding = Decoders.of(beam, tm.task());
        try (var data = tm.task().read(test)) {
            scores = Decoders.evaluate(tm.task(), tm.model(), data, decoding);
        }
        if (json) {
            System.out.println(RunSpec.JSON.writeValueAsString(scores));
            return 0;
        }
        scores.scalars().forEach((k, v) -> System.out.printf("%-18s %.4f%n", k, v));
        if (scores instanceof RegressionScores r && r.maeByOutput().length > 1) {
            for (int j = 0; j < r.maeByOutput().length; j++) System.out.printf("%-18s %.4f%n", "mae output " + (j + 1), r.maeByOutput()[j]);
        }
        if (scores instanceof ClassificationScores c) {
            System.out.printf("%-18s %d%n%n%-16s %9s %9s %9s %8s%n", "examples", c.examples(), "class", "precision", "recall", "f1", "support");
            c.perClass().forEach((name, p) -> System.out.printf("%-16s %9.4f %9.4f %9.4f %8d%n", name, p.precision(), p.recall(), p.f1(), p.support()));
            if (c.confusion().length <= 20) {
                System.out.println("\nconfusion matrix (rows: true, columns: predicted)");
                StringBuilder head = new StringBuilder(String.format("%-16s", ""));
                c.labels().forEach(l -> head.append(String.format(" %8s", l.length() > 8 ? l.substring(0, 8) : l)));
                System.out.println(head);
                for (int i = 0; i < c.confusion().length; i++) {
                    StringBuilder row = new StringBuilder(String.format("%-16s", c.labels().get(i)));
                    for (long n : c.confusion()[i]) row.append(String.format(" %8d", n));
                    System.out.println(row);
                }
            }
        }
        return 0;
    }
}
