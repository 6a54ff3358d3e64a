package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Subwords ({@code --tokens bpe:N}) through the command line for every text task: each trains on a bundled file,
 * reaches its score, and answers a line holding words it never saw as text, with no subword marks or byte tokens
 * left; the tagger gives one tag per word of the line, whatever the number of its subwords.
 */
@Tag("process")
class SubwordTasksTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "classify|reviews.tsv|reviews.tsv|--epochs 30 --lr 0.02 --hidden 32 --embedding 16|accuracy|0.95|the unheard-of movie was not good",
            "tag|tags.conll|tags.conll|--epochs 8 --lr 0.01 --hidden 32 --embedding 16|accuracy|0.97|the  enormous dogs can fish über",
            "lm|sentences.txt|sentences.txt|--epochs 8 --lr 0.01 --hidden 64 --embedding 16|perplexity|-3|the zebra",
            "seq2seq|numbers.tsv|numbers-test.tsv|--epochs 25 --lr 0.01 --hidden 64 --embedding 32|exact_match|0.8|4 2 7"})
    void everyTextTaskReadsAndWritesSubwords(String task, String train, String test, String options, String metric, double bound, String input) throws Exception {
        Path model = dir.resolve(task + ".safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--tokens", "bpe:300", "--train", Cli.data(train).toString(),
                "--model", model.toString(), "--patience", "0", "--no-report"));
        args.addAll(List.of(options.split(" ")));
        Cli.Run trained = Cli.run(dir, null, args.toArray(String[]::new));
        assertEquals(0, trained.exit(), trained.toString());

        Cli.Run inspected = Cli.run(dir, null, "inspect", model.toString());
        assertTrue(inspected.out().contains("bpe:300"), "the model file keeps its subwords:\n" + inspected.out());

        Cli.Run evaluated = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", Cli.data(test).toString(), "--json");
        assertEquals(0, evaluated.exit(), evaluated.toString());
        double value = JSON.readTree(evaluated.out()).get(metric).asDouble();
        assertTrue(bound >= 0 ? value >= bound : value <= -bound, task + " " + metric + " = " + value + ", bound " + bound);

        String output;
        if (task.equals("lm")) {
            Cli.Run generated = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", input, "--beam", "2");
            assertEquals(0, generated.exit(), generated.toString());
            output = generated.out();
            assertTrue(output.lines().allMatch(l -> l.split("\t")[1].startsWith(input)), "the prompt is given back as it was typed:\n" + output);
        } else {
            Cli.Run predicted = Cli.run(dir, input + "\n", "predict", "--model", model.toString(), "--json");
            assertEquals(0, predicted.exit(), predicted.toString());
            output = predicted.out();
            JsonNode p = JSON.readTree(output);
            if (task.equals("tag")) {
                List<String> words = List.of(input.trim().split("\\s+"));
                assertEquals(words.size(), p.get("tags").size(), "one tag per word: " + output);
                assertEquals(words, JSON.convertValue(p.get("tokens"), List.class), "the words of the line: " + output);
                assertEquals("DET", p.get("tags").get(0).asText(), output);
            }
            if (task.equals("seq2seq")) assertEquals("four hundred twenty seven", p.get("prediction").asText(), output);
        }
        assertFalse(output.contains("▁") || output.contains("<0x"), "subwords are joined back into text:\n" + output);
    }
}
