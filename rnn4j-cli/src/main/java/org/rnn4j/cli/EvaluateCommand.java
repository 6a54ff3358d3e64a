package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j evaluate}: the task's metrics of a model on a labelled file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a model on labelled data (same format as training).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by rnn4j train.") Path model;
    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Labelled data in the training format.") Path test;
    @Option(names = "--json", description = "Print one JSON object of metrics.") boolean json;
    @Option(names = "--threads", defaultValue = "0", description = "Compute threads (0: all cores).") int threads;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(test)) throw new IllegalArgumentException(test + ": no such file");
        TaskModel<Object, Object> tm = TaskModel.load(model, threads);
        Map<String, Object> metrics;
        try (var data = tm.task().read(test)) {
            metrics = tm.task().evaluate(tm.model(), data).all();
        }
        if (json) {
            System.out.println(RunSpec.JSON.writeValueAsString(metrics));
            return 0;
        }
        metrics.forEach((k, v) -> {
            if (v instanceof Number n) System.out.printf("%-18s %s%n", k, n instanceof Double || n instanceof Float ? String.format("%.4f", n.doubleValue()) : n);
        });
        if (metrics.get("per_class") instanceof Map<?, ?> perClass) {
            System.out.printf("%n%-16s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support");
            perClass.forEach((c, s) -> {
                Map<?, ?> m = (Map<?, ?>) s;
                System.out.printf("%-16s %9.4f %9.4f %9.4f %8s%n", c, m.get("precision"), m.get("recall"), m.get("f1"), m.get("support"));
            });
        }
        if (metrics.get("confusion") instanceof long[][] confusion && confusion.length <= 20) {
            @SuppressWarnings("unchecked") List<String> labels = (List<String>) metrics.get("labels");
            System.out.println("\nconfusion matrix (rows: true, columns: predicted)");
            StringBuilder head = new StringBuilder(String.format("%-16s", ""));
            labels.forEach(l -> head.append(String.format(" %8s", l.length() > 8 ? l.substring(0, 8) : l)));
            System.out.println(head);
            for (int i = 0; i < confusion.length; i++) {
                StringBuilder row = new StringBuilder(String.format("%-16s", labels.get(i)));
                for (long c : confusion[i]) row.append(String.format(" %8d", c));
                System.out.println(row);
            }
        }
        return 0;
    }
}
