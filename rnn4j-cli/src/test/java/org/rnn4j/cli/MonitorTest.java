package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --monitor} for every task: the model file holds the epoch whose monitored validation score is the best of
 * the run in that score's direction (the first of equals), and without {@code --monitor} the task's main score is
 * the one watched.
 */
@Tag("process")
@Tag("long")
class MonitorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern KEPT = Pattern.compile("model: .* \\(epoch (\\d+), the best by (\\S+) = ");

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} --monitor {2}")
    @CsvSource(delimiter = '|', value = {
            "classify|reviews.tsv|val_loss|--epochs 6 --lr 0.02 --hidden 16 --embedding 8",
            "classify|reviews.tsv|val_macro_f1|--epochs 6 --lr 0.02 --hidden 16 --embedding 8",
            "classify|reviews.tsv||--epochs 6 --lr 0.02 --hidden 16 --embedding 8",
            "regress|ratings.tsv|val_rmse|--epochs 5 --lr 0.01 --hidden 16 --embedding 8",
            "regress|series.csv||--column value --window 14 --epochs 4 --lr 0.01 --hidden 16",
            "tag|tags.conll|val_macro_f1|--epochs 4 --lr 0.01 --hidden 16 --embedding 8",
            "lm|sentences.txt|val_bpc|--epochs 4 --lr 0.01 --hidden 32 --embedding 8",
            "seq2seq|numbers.tsv|val_exact_match|--epochs 5 --lr 0.01 --hidden 32 --embedding 16",
            "caption|shapes.jsonl|val_bleu|--epochs 5 --lr 0.01 --hidden 16 --embedding 8"})
    void theKeptEpochIsTheBestByTheMonitor(String task, String train, String monitor, String options) throws Exception {
        Path model = dir.resolve(task + ".safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--train", Cli.data(train).toString(), "--model", model.toString(), "--patience", "0"));
        if (monitor != null) args.addAll(List.of("--monitor", monitor));
        args.addAll(List.of(options.split(" ")));
        Cli.Run run = Cli.run(dir, null, args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        Matcher m = KEPT.matcher(run.out());
        assertTrue(m.find(), run.out());
        String watched = m.group(2);
        String expected = monitor != null ? monitor : switch (task) {
            case "classify", "tag" -> "val_accuracy";
            case "regress" -> "val_mae";
            case "seq2seq" -> "val_token_error_rate";
            case "caption" -> "val_bleu";
            default -> "val_loss";
        };
        assertEquals(expected, watched);

        JsonNode history = JSON.readTree(dir.resolve(task + ".run").resolve("report.json").toFile()).get("history");
        String key = watched.substring("val_".length());
        boolean higher = List.of("accuracy", "macro_f1", "exact_match", "bleu").contains(key);
        int best = 0;
        for (int e = 1; e < history.size(); e++) {
            double v = history.get(e).get("valid").get(key).asDouble(), b = history.get(best).get("valid").get(key).asDouble();
            boolean lowerLoss = history.get(e).get("valid").get("loss").asDouble() < history.get(best).get("valid").get("loss").asDouble();
            if (higher ? v > b : v < b) best = e;
            else if (v == b && !key.equals("loss") && lowerLoss) best = e;                  // a tie goes to the lower validation loss
        }
        assertEquals(best + 1, Integer.parseInt(m.group(1)), "kept epoch, history " + history);
    }
}
