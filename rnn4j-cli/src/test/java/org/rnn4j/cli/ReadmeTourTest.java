package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's tour, command for command as README.md prints them (read from it, so the two cannot drift apart),
 * in a scratch copy of the paths: the first {@code train} reaches at least 0.9 held-out accuracy, and "the acting
 * was not bad" is positive.
 */
@Tag("process")
class ReadmeTourTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The tour's commands: the ./rnn4j lines of the first bash block after "## A 5-minute tour". */
    static List<String> tour() throws Exception {
        String readme = Files.readString(Cli.ROOT.resolve("README.md"));
        String block = readme.substring(readme.indexOf("## A 5-minute tour"));
        block = block.substring(block.indexOf("```bash") + 7);
        block = block.substring(0, block.indexOf("```"));
        List<String> out = new ArrayList<>();
        for (String line : block.strip().split("\n")) if (line.contains("./rnn4j ")) out.add(line.strip());
        return out;
    }

    static List<String> args(String command) {
        String c = command.substring(command.indexOf("./rnn4j ") + "./rnn4j ".length());
        int comment = c.indexOf("  #");
        if (comment >= 0) c = c.substring(0, comment);
        return new ArrayList<>(List.of(c.strip().split("\\s+")));
    }

    @Test
    void theTourTrainsAModelThatReadsWordOrder() throws Exception {
        List<String> commands = tour();
        assertEquals(3, commands.size(), "train, evaluate, predict: " + commands);
        Path work = Files.createTempDirectory("rnn4j-tour");
        Files.createDirectories(work.resolve("examples"));
        Files.createSymbolicLink(work.resolve("examples/data"), Cli.data("reviews.tsv").getParent());

        Cli.Run trained = Cli.run(work, null, args(commands.get(0)).toArray(String[]::new));
        assertEquals(0, trained.exit(), trained.toString());
        Matcher kept = Pattern.compile("model: (\\S+) \\(epoch (\\d+), the best by val_accuracy = ([0-9.]+)").matcher(trained.out());
        assertTrue(kept.find(), trained.out());
        assertTrue(Double.parseDouble(kept.group(3)) >= 0.9, "held-out accuracy " + kept.group(3));
        Path report = work.resolve(kept.group(1)).resolveSibling("reviews.run").resolve("report.json");
        JsonNode history = JSON.readTree(report.toFile()).get("history");
        double heldOut = history.get(Integer.parseInt(kept.group(2)) - 1).get("valid").get("accuracy").asDouble();
        assertTrue(heldOut >= 0.9, "held-out accuracy of the kept epoch " + heldOut);

        Cli.Run evaluated = Cli.run(work, null, args(commands.get(1)).toArray(String[]::new));
        assertEquals(0, evaluated.exit(), evaluated.toString());
        assertTrue(evaluated.out().contains("accuracy"), evaluated.out());

        String predict = commands.get(2);
        String input = predict.substring(predict.indexOf('"') + 1, predict.indexOf('"', predict.indexOf('"') + 1));
        assertEquals("the acting was not bad", input);
        Cli.Run predicted = Cli.run(work, input + "\n", args(predict.substring(predict.indexOf("|") + 1)).toArray(String[]::new));
        assertEquals(0, predicted.exit(), predicted.toString());
        JsonNode p = JSON.readTree(predicted.out());
        assertEquals("1", p.get("prediction").asText(), "\"the acting was not bad\" is positive: " + predicted.out());
    }
}
