package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the applications need from the command line, on small generated data: captions from image files (TSV of
 * paths, predict and beam search on a path), question answering (story, question, answer), seq2seq with outputs
 * split unlike inputs, and forecasts scored per step ahead. Each also refuses a malformed input with FILE:LINE.
 */
@Tag("process")
@Tag("long")
class ApplicationsTest {
    @TempDir Path dir;

    private void generator(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(Cli.ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "generator did not finish");
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void captionsFromImageFiles() throws Exception {
        Path scenes = dir.resolve("scenes"), model = dir.resolve("captions.safetensors");
        generator(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "examples/captions/Scenes.java", scenes.toString(), "300", "20", "20", "3", "32");
        Cli.Run train = Cli.run(dir, null, "train", "--task", "caption", "--train", scenes.resolve("train.tsv").toString(), "--valid", scenes.resolve("valid.tsv").toString(),
                "--model", model.toString(), "--image-size", "32", "--filters", "8,8", "--cell", "gru", "--hidden", "16", "--embedding", "8", "--epochs", "2", "--no-report");
        assertEquals(0, train.exit(), train.toString());
        assertTrue(train.out().contains("300 training examples"), train.out());

        Path image = scenes.resolve("images/scene-00301.png");
        Cli.Run predict = Cli.run(dir, image + "\n", "predict", "--model", model.toString());
        assertEquals(0, predict.exit(), predict.toString());
        assertTrue(predict.out().strip().startsWith("a "), "a caption starts with an article: " + predict.out());

        Cli.Run beam = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", image.toString(), "--beam", "4");
        assertEquals(0, beam.exit(), beam.toString());
        assertEquals(4, beam.out().strip().lines().count(), beam.out());

        Cli.Run evaluate = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", scenes.resolve("test.tsv").toString());
        assertEquals(0, evaluate.exit(), evaluate.toString());
        assertTrue(evaluate.out().contains("bleu"), evaluate.out());

        Files.writeString(dir.resolve("missing.tsv"), "images/none.png\ta red circle\n");
        Cli.refused(Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", dir.resolve("missing.tsv").toString()), "missing.tsv:1", "none.png");
        Files.writeString(dir.resolve("text.png"), "not an image");
        Cli.refused(Cli.run(dir, dir.resolve("text.png") + "\n", "predict", "--model", model.toString()), "text.png", "not an image");
    }

    @Test
    void questionsAboutStories() throws Exception {
        Path stories = dir.resolve("qa"), model = dir.resolve("qa.safetensors");
        generator("python3", "examples/qa/make-stories.py", stories.toString(), "400", "20", "20", "3");
        Cli.Run train = Cli.run(dir, null, "train", "--task", "qa", "--train", stories.resolve("qa-train.tsv").toString(), "--model", model.toString(),
                "--hidden", "16", "--embedding", "8", "--epochs", "1", "--no-report");
        assertEquals(0, train.exit(), train.toString());
        Cli.Run predict = Cli.run(dir, "Mary went to the kitchen. John moved to the garden.\tWhere is Mary?\n", "predict", "--model", model.toString());
        assertEquals(0, predict.exit(), predict.toString());
        assertTrue(List.of("bathroom", "hallway", "garden", "office", "bedroom", "kitchen").contains(predict.out().strip()), "a room: " + predict.out());
        Cli.refused(Cli.run(dir, "a story without a question\n", "predict", "--model", model.toString()), "<stdin>:1", "story<TAB>question");
        Files.writeString(dir.resolve("two.tsv"), "Mary went to the kitchen.\tkitchen\n");
        Cli.refused(Cli.run(dir, null, "train", "--task", "qa", "--train", dir.resolve("two.tsv").toString(), "--model", dir.resolve("x.safetensors").toString()),
                "two.tsv:1", "story<TAB>question<TAB>answer");
    }

    @Test
    void lettersInPhonemesOut() throws Exception {
        StringBuilder data = new StringBuilder();
        String[][] words = {{"cat", "K AE T"}, {"bat", "B AE T"}, {"tab", "T AE B"}, {"tack", "T AE K"}, {"back", "B AE K"}, {"cab", "K AE B"}};
        for (int i = 0; i < 40; i++) for (String[] w : words) data.append(w[0]).append('\t').append(w[1]).append('\n');
        Files.writeString(dir.resolve("g2p.tsv"), data);
        Path model = dir.resolve("g2p.safetensors");
        Cli.Run train = Cli.run(dir, null, "train", "--task", "seq2seq", "--train", dir.resolve("g2p.tsv").toString(), "--model", model.toString(),
                "--tokens", "chars", "--target-tokens", "split", "--hidden", "32", "--embedding", "16", "--epochs", "12", "--lr", "0.01", "--no-report");
        assertEquals(0, train.exit(), train.toString());
        Cli.Run out = Cli.run(dir, null, "generate", "--model", model.toString(), "--prompt", "cat", "--greedy");
        assertEquals("K AE T", out.out().strip(), "phonemes joined by spaces, read from letters: " + out);
    }

    @Test
    void forecastsAreScoredPerStepAhead() throws Exception {
        Path model = dir.resolve("series.safetensors");
        Cli.Run train = Cli.run(dir, null, "train", "--task", "regress", "--train", Cli.data("series.csv").toString(), "--column", "value", "--window", "14",
                "--horizon", "3", "--model", model.toString(), "--hidden", "8", "--epochs", "1", "--no-report");
        assertEquals(0, train.exit(), train.toString());
        Cli.Run evaluate = Cli.run(dir, null, "evaluate", "--model", model.toString(), "--test", Cli.data("series.csv").toString());
        for (int h = 1; h <= 3; h++) assertTrue(evaluate.out().contains("mae output " + h), evaluate.out());
        String last14 = "1,2,3,4,5,6,7,8,9,10,11,12,13,14\n";
        Cli.Run predict = Cli.run(dir, last14, "predict", "--model", model.toString());
        assertEquals(3, predict.out().strip().split(",").length, "the next 3 values, comma-separated: " + predict);
    }
}
