package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.task.ClassificationScores;
import org.rnn4j.task.RegressionScores;
import org.rnn4j.task.TaskModel;
import org.rnn4j.train.Scores;
import org.rnn4j.tensor.Precision;
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
    @Option(names = "--precision", defaultValue = "float32", description = "Weights in float32, bf16 or int8 for inference (default ${DEFAULT-VALUE}; a file quantized by rnn4j quantize keeps its own).", converter = PrecisionOption.class) Precision precision;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        Require.readable("--test", test);
        Require.threads(threads);
        TaskModel<Object, Object, Model<Object, Object>> tm = ModelFiles.load(model, threads, precision);
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
            int names = Math.max(16, c.labels().stream().mapToInt(String::length).max().orElse(0));      // class names in full, columns as wide as they need
            String name = "%-" + names + "s";
            System.out.printf("%-18s %d%n%n" + name + " %9s %9s %9s %8s%n", "examples", c.examples(), "class", "precision", "recall", "f1", "support");
            c.perClass().forEach((n, p) -> System.out.printf(name + " %9.4f %9.4f %9.4f %8d%n", n, p.precision(), p.recall(), p.f1(), p.support()));
            if (c.confusion().length <= 20) {
                System.out.println("\nconfusion matrix (rows: true, columns: predicted)");
                long most = java.util.Arrays.stream(c.confusion()).flatMapToLong(java.util.Arrays::stream).max().orElse(0);
                String cell = " %" + Math.max(Long.toString(most).length(), c.labels().stream().mapToInt(String::length).max().orElse(1)) + "s";
                StringBuilder head = new StringBuilder(String.format(name, ""));
                c.labels().forEach(l -> head.append(String.format(cell, l)));
                System.out.println(head);
                for (int i = 0; i < c.confusion().length; i++) {
                    StringBuilder row = new StringBuilder(String.format(name, c.labels().get(i)));
                    for (long n : c.confusion()[i]) row.append(String.format(cell, n));
                    System.out.println(row);
                }
            }
        }
        return 0;
    }
}
