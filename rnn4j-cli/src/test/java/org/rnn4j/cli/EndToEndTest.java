package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each task through the command line, each command a separate process on the bundled example files: train (with
 * a report), evaluate --json, predict (text and --json) or generate, inspect. Scores are checked against what
 * these small tasks must reach.
 */
@Tag("process")
@Tag("long")
class EndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "classify|reviews.tsv|reviews.tsv|--epochs 30 --lr 0.02 --hidden 32 --embedding 16|accuracy|0.95|movie was not good",
            "classify|gestures.jsonl|gestures.jsonl|--epochs 6 --lr 0.01 --hidden 32|accuracy|0.95|",
            "regress|ratings.tsv|ratings.tsv|--epochs 12 --lr 0.01 --hidden 32 --embedding 16|mae|-0.3|the plot was not awful",
            "regress|series.csv|series.csv|--column value --window 14 --horizon 1 --epochs 6 --lr 0.01 --hidden 32|mae|-2.5|50,52,58,60,58,52,50,49,51,57,61,59,53,50",
            "tag|tags.conll|tags.conll|--epochs 8 --lr 0.01 --hidden 32 --embedding 16|accuracy|0.97|the big dog can fish",
            "lm|sentences.txt|sentences.txt|--epochs 8 --lr 0.01 --hidden 64 --embedding 16|bpc|-0.6|the old",
            "seq2seq|numbers.tsv|numbers-test.tsv|--epochs 25 --lr 0.01 --hidden 64 --embedding 32|exact_match|0.8|4 2",
            "caption|shapes.jsonl|shapes.jsonl|--epochs 25 --lr 0.01 --hidden 32 --embedding 16|exact_match|0.8|"})
    void trainEvaluatePredictInspect(String task, String train, String test, String options, String metric, double bound, String input) throws Exception {
        Path model = dir.resolve(task + ".safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--train", Cli.data(train).toString(), "--model", model.toString(), "--patience", "0"));
        args.addAll(List.of(options.split(" ")));
        Cli.Run trained = Cli.run(dir, null, args.toArray(String[]::new));
        assertEquals(0, trained.exit(), trained.toString());
        Path run = dir.resolve(task + ".run");
        assertEquals(List.of(task + ".run", task + ".safetensors"), Cli.names(dir).stream().filter(n -> n.startsWith(task + ".")).toList(),
                "one model file and its run folder, nothing else");
        assertEquals(List.of("report.html", "report.json"), Cli.names(run), "the checkpoint of a run that ended well is removed");
        String html = Files.readString(run.resolve("report.html"));
        JsonNode report = JSON.readTree(run.resolve("report.json").toFile());
        assertTrue(html.contains("id=\"loss-chart\"") && html.contains("function lineChart") && !html.contains("src=\"http"), "one self-contained page drawing its charts");
        assertTrue(report.get("history").size() > 0 && report.has("metrics"), "report numbers");
        JsonNode first = report.get("history").get(0);
        assertTrue(first.has("train_loss") && first.has("learning_rate") && report.get("settings").has("valid_split"), "snake_case as in the JSON API: " + first);
        if (task.equals("classify") || task.equals("tag")) assertTrue(html.contains("<table class=\"confusion\">"), "confusion matrix");
        JsonNode flow = report.get("gradient_flow");                  // one row per direction: the tagger is bidirectional
        assertEquals(task.equals("tag") ? 2 : 1, flow.size(), "gradient flow directions " + flow);
        assertTrue(flow.get(0).size() > 1 && flow.get(0).get(0).asDouble() > 0 && html.contains("id=\"flow-chart\""), "gradient flow chart");

        Cli.Run evaluated = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", Cli.data(test).toString(), "--json");
        assertEquals(0, evaluated.exit(), evaluated.toString());
        JsonNode metrics = JSON.readTree(evaluated.out());
        double value = metrics.get(metric).asDouble();
        assertTrue(bound >= 0 ? value >= bound : value <= -bound, task + " " + metric + " = " + value + ", bound " + bound + "\n" + evaluated.out());

        String line = input == null || input.isEmpty() ? Files.readAllLines(Cli.data(test)).get(0) : input;
        Cli.Run predicted = Cli.run(dir, line + "\n", "predict", "--model", model.toString(), "--json");
        assertEquals(0, predicted.exit(), predicted.toString());
        JsonNode p = JSON.readTree(predicted.out().lines().findFirst().orElseThrow());
        assertTrue(p.has("prediction"), predicted.out());
        Cli.Run plain = Cli.run(dir, line + "\n" + line + "\n", "predict", "--model", model.toString());
        assertEquals(2, plain.out().lines().count(), plain.toString());

        if (task.equals("lm") || task.equals("seq2seq") || task.equals("caption")) {
            Cli.Run beam = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", line, "--beam", "3");
            assertEquals(0, beam.exit(), beam.toString());
            assertEquals(3, beam.out().lines().count(), beam.out());
            Cli.Run sampled = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", line, "--temperature", "0.8", "--top-k", "5", "--samples", "2");
            assertEquals(0, sampled.exit(), sampled.toString());
        }
        if (task.equals("lm")) {
            // predict continues a line as generate samples at temperature 0.7 with seed 1, and a line twice the same way
            Cli.Run drawn = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", line, "--temperature", "0.7", "--seed", "1");
            assertEquals(line + p.get("prediction").asText(), drawn.out().lines().findFirst().orElseThrow(), drawn.toString());
            assertEquals(1, plain.out().lines().distinct().count(), plain.out());
        }
        if (task.equals("seq2seq") || task.equals("caption")) {
            // predict --beam 3 writes the best of generate --beam 3, and evaluate --beam 3 scores exactly those outputs
            Cli.Run beam = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", line, "--beam", "3");
            Cli.Run best = Cli.run(dir, line + "\n", "predict", "--model", model.toString(), "--beam", "3");
            assertEquals(beam.out().lines().findFirst().orElseThrow().split("\t", 2)[1], best.out().strip(), best.toString());
            Cli.Run all = Cli.run(dir, null, "predict", "--model", model.toString(), "--beam", "3", "--input", Cli.data(test).toString());
            List<String> outputs = all.out().lines().toList(), lines = Files.readAllLines(Cli.data(test));
            assertEquals(lines.size(), outputs.size(), all.toString());
            int exact = 0;
            for (int i = 0; i < lines.size(); i++) {
                String reference = task.equals("seq2seq") ? lines.get(i).split("\t")[1] : JSON.readTree(lines.get(i)).get("y").asText();
                if (List.of(reference.trim().split("\\s+")).equals(List.of(outputs.get(i).trim().split("\\s+")))) exact++;
            }
            Cli.Run scored = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", Cli.data(test).toString(), "--json", "--beam", "3");
            assertEquals(0, scored.exit(), scored.toString());
            assertEquals((double) exact / lines.size(), JSON.readTree(scored.out()).get("exact_match").asDouble(), 1e-9, "evaluate --beam 3 scores predict --beam 3's outputs");
        }
        if (task.equals("classify")) {
            Cli.Run refused = Cli.run(dir, line + "\n", "predict", "--model", model.toString(), "--beam", "2");
            assertEquals(2, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("--beam decodes the outputs of seq2seq and caption models"), refused.err());
        }

        Cli.Run inspected = Cli.run(dir, null, "inspect", model.toString());
        assertEquals(0, inspected.exit(), inspected.toString());
        assertTrue(inspected.out().contains("kind") && inspected.out().contains("total") && inspected.out().contains("seed"), inspected.out());
        assertTrue(inspected.out().contains("  data      --task             " + task + "\n"), "the settings, by option:\n" + inspected.out());
        assertEquals(task.equals("seq2seq"), inspected.out().contains("--attention"), "--attention is listed for seq2seq only:\n" + inspected.out());
        assertEquals(task.equals("lm"), inspected.out().contains("--max-length"), "--max-length is listed for lm only:\n" + inspected.out());

        // the same model in int8 (a file) and bf16 (at load time) scores within a rounding of its float32 score
        Path int8 = dir.resolve(task + "-int8.safetensors");
        Cli.Run quantized = Cli.run(dir, null, "quantize", "--int8", model.toString(), int8.toString());
        assertEquals(0, quantized.exit(), quantized.toString());
        assertTrue(Files.size(int8) < Files.size(model), "an int8 file is smaller");
        Cli.Run inspectedInt8 = Cli.run(dir, null, "inspect", int8.toString());
        assertTrue(inspectedInt8.out().contains("version 3") && inspectedInt8.out().contains("I8"), inspectedInt8.out());
        for (List<String> low : List.of(List.of("--model", int8.toString()), List.of("--model", model.toString(), "--precision", "bf16"))) {
            List<String> evaluate = new ArrayList<>(List.of("evaluate", "--test", Cli.data(test).toString(), "--json"));
            evaluate.addAll(low);
            Cli.Run scored = Cli.run(dir, null, evaluate.toArray(String[]::new));
            assertEquals(0, scored.exit(), scored.toString());
            double lowValue = JSON.readTree(scored.out()).get(metric).asDouble();
            assertEquals(value, lowValue, 0.05 * Math.max(1, Math.abs(value)), task + " " + metric + " with " + low);
        }
    }

    /** The course's point through the command line: only the model that reads the order beats chance on order.tsv. */
    @org.junit.jupiter.api.Test
    void theBagOfWordsBaselineCannotSeeOrderWhereTheRnnCan() throws Exception {
        double[] accuracy = new double[3];
        String[][] variants = {{}, {"--baseline", "COUNTS"}, {"--baseline", "TFIDF"}};
        for (int i = 0; i < 3; i++) {
            Path model = dir.resolve("order" + i + ".safetensors");
            List<String> args = new ArrayList<>(List.of("train", "--task", "classify", "--train", Cli.data("order.tsv").toString(), "--model", model.toString(),
                    "--epochs", "15", "--lr", "0.01", "--hidden", "32", "--embedding", "16", "--patience", "0", "--no-report"));
            args.addAll(List.of(variants[i]));
            Cli.Run r = Cli.run(dir, null, args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.toString());
            Cli.Run e = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", Cli.data("order-test.tsv").toString(), "--json");
            accuracy[i] = JSON.readTree(e.out()).get("accuracy").asDouble();
        }
        assertTrue(accuracy[0] >= 0.95, "the RNN: " + accuracy[0]);
        assertTrue(accuracy[1] <= 0.65 && accuracy[2] <= 0.65, "bag of words " + accuracy[1] + ", TF-IDF " + accuracy[2]);
    }

    /** Five examples are too few to hold out every tenth: training goes on without validation and writes its model. */
    @org.junit.jupiter.api.Test
    void aTinyFileTrainsWithoutValidation() throws Exception {
        Path tiny = dir.resolve("tiny.tsv"), model = dir.resolve("tiny.safetensors");
        Files.write(tiny, Files.readAllLines(Cli.data("reviews.tsv")).subList(0, 5));
        Cli.Run r = Cli.run(dir, null, "train", "--task", "classify", "--train", tiny.toString(), "--model", model.toString(), "--epochs", "2", "--no-report");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("training without validation") && Files.exists(model), r.out());
    }
}
