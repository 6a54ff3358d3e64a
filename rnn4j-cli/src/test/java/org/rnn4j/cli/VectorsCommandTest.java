package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.embed.Embeddings;
import org.rnn4j.embed.PlantedCorpus;

/**
 * {@code rnn4j vectors}: train, neighbours, analogies, the vectors as a model's frozen embedding, and bad usage (the
 * error comes first; a misuse of the options is followed by the usage, as for every command).
 */
@Tag("process")
class VectorsCommandTest {
    @TempDir Path dir;

    @Test
    void trainedVectorsShowThePlantedNeighboursAndAnalogies() throws Exception {
        PlantedCorpus text = PlantedCorpus.standard(20_000, new SplittableRandom(4));
        Path corpus = dir.resolve("planted.txt"), vectors = dir.resolve("out/vectors.txt");
        Files.write(corpus, text.lines().stream().map(l -> String.join(" ", l)).toList());
        Cli.Run r = Cli.run(dir, null, "vectors", "--train", corpus.toString(), "--out", vectors.toString(), "--dim", "30", "--threads", "1", "--seed", "3");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("words/s") && r.out().contains("skip-gram"), r.out());
        assertEquals(text.classOf().size() + 24 + "", Files.readAllLines(vectors).get(0).split(" ")[0], "every word of the corpus has a vector");
        assertTrue(text.score(Embeddings.read(vectors), 5).neighbourShare() >= 0.9);

        Cli.Run near = Cli.run(dir, null, "vectors", "--vectors", vectors.toString(), "--neighbours", "c3w1", "--top", "5");
        assertEquals(0, near.exit(), near.toString());
        List<String> words = near.out().lines().map(l -> l.split("\\s+")[0]).toList();
        assertEquals(5, words.size(), near.out());
        assertTrue(words.stream().filter(w -> w.startsWith("c3w")).count() >= 4, near.out());

        Cli.Run analogy = Cli.run(dir, null, "vectors", "--vectors", vectors.toString(), "--analogy", "g0r0", "g0r1", "g2r0", "--top", "1");
        assertEquals(0, analogy.exit(), analogy.toString());
        assertTrue(analogy.out().startsWith("g2r1 "), analogy.out());
    }

    @Test
    void vectorsTrainedOnTheReviewsBecomeAFrozenEmbedding() throws Exception {
        Path text = dir.resolve("reviews.txt"), vectors = dir.resolve("v.txt"), model = dir.resolve("m.safetensors");
        Files.write(text, Files.readAllLines(Cli.data("reviews.tsv")).stream().map(l -> l.substring(l.indexOf('\t') + 1)).toList());
        assertEquals(0, Cli.run(dir, null, "vectors", "--train", text.toString(), "--out", vectors.toString(), "--dim", "8", "--min-count", "1", "--cbow").exit());
        Cli.Run r = Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", model.toString(), "--pretrained", vectors.toString(),
                "--freeze-embeddings", "--embedding", "8", "--hidden", "8", "--epochs", "2", "--no-report");
        assertEquals(0, r.exit(), r.toString());
        var saved = org.rnn4j.io.SafeTensors.read(model);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> vocab = List.of(json.treeToValue(json.readTree(saved.metadata().get("task")).get("encoder").get("vocab"), String[].class));
        float[] table = saved.tensors().get("embedding.weight").data();
        int id = vocab.indexOf("movie");
        assertArrayEquals(Embeddings.read(vectors).vector("movie"), java.util.Arrays.copyOfRange(table, id * 8, id * 8 + 8));
        assertTrue(r.out().contains("pretrained vectors: " + (vocab.size() - 4) + " of " + (vocab.size() - 4)), r.out());
    }

    @Test
    void badUsageGetsOneClearLine() throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "a b c a b c a b c a b c a b c\n");
        Files.write(dir.resolve("latin1.txt"), new byte[] {'a', '\n', 'b', (byte) 0xE9, '\n'});
        String[][] cases = {
                {"needs --out FILE", "vectors", "--train", text.toString()},
                {"needs --vectors FILE", "vectors", "--neighbours", "a"},
                {"--analogy takes three words", "vectors", "--vectors", dir.resolve("v.txt").toString(), "--analogy", "a", "b", "a", "--analogy", "b", "a", "b"},
                {"mutually exclusive", "vectors", "--train", text.toString(), "--neighbours", "a"},
                {"--dim must be between 1", "vectors", "--train", text.toString(), "--out", "o.txt", "--dim", "0"},
                {"--sample must be a number", "vectors", "--train", text.toString(), "--out", "o.txt", "--sample", "NaN"},
                {"is an input of this run", "vectors", "--train", text.toString(), "--out", text.toString()},
                {"no such file", "vectors", "--train", "missing.txt", "--out", "o.txt"},
                {"latin1.txt:2: is not valid UTF-8", "vectors", "--train", "latin1.txt", "--out", "o.txt", "--min-count", "1"},
                {"lower --min-count", "vectors", "--train", text.toString(), "--out", "o.txt", "--min-count", "99"},
                {"\"zebra\" has no vector", "vectors", "--vectors", dir.resolve("v.txt").toString(), "--neighbours", "zebra"},
                {"expected 3 numbers after the word", "vectors", "--vectors", dir.resolve("ragged.txt").toString(), "--neighbours", "a"},
        };
        Files.writeString(dir.resolve("v.txt"), "2 3\na 1 0 0\nb 0 1 0\n");
        Files.writeString(dir.resolve("ragged.txt"), "a 1 0 0\nb 0 1\n");
        for (String[] c : cases) {
            Cli.Run r = Cli.run(dir, null, java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().lines().findFirst().orElse("").contains(c[0]), "expected \"" + c[0] + "\" first in: " + r.err());
        }
        assertTrue(!Files.exists(dir.resolve("o.txt")), "a refused run writes nothing");
    }
}
