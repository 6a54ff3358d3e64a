package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.tensor.Tensor;

/** Pretrained word vectors, frozen or fine-tuned, and the quickstart, through the command line. */
@Tag("process")
class PretrainedAndQuickstartTest {
    @TempDir Path dir;

    float[] vectorOf(String word) throws Exception {
        for (String line : Files.readAllLines(Cli.data("vectors.txt"))) {
            String[] p = line.split(" ");
            if (p[0].equals(word)) {
                float[] v = new float[p.length - 1];
                for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(p[i + 1]);
                return v;
            }
        }
        throw new AssertionError(word);
    }

    float[] embeddingRow(Path model, String word) throws Exception {
        var c = SafeTensors.read(model);
        ObjectMapper json = new ObjectMapper();
        List<String> vocab = Arrays.asList(json.treeToValue(json.readTree(c.metadata().get("task")).get("encoder").get("vocab"), String[].class));
        Tensor e = c.tensors().get("embedding.weight");
        int id = vocab.indexOf(word), dim = e.dim(1);
        return Arrays.copyOfRange(e.data(), id * dim, (id + 1) * dim);
    }

    @Test
    void pretrainedVectorsFrozenOrFineTuned() throws Exception {
        for (boolean freeze : new boolean[] {true, false}) {
            Path model = dir.resolve("pre" + freeze + ".safetensors");
            String[] args = {"train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", model.toString(), "--pretrained",
                    Cli.data("vectors.txt").toString(), "--embedding", "16", "--epochs", "5", "--hidden", "16", "--lr", "0.02", "--no-report", "--patience", "0"};
            Cli.Run r = Cli.run(dir, null, freeze ? concat(args, "--freeze-embeddings") : args);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("pretrained vectors: 12 of"), r.out());
            float[] expected = vectorOf("movie"), actual = embeddingRow(model, "movie");
            if (freeze) assertArrayEquals(expected, actual, "a frozen embedding keeps the pretrained vector");
            else assertFalse(Arrays.equals(expected, actual), "a fine-tuned embedding moves from the pretrained vector");
        }
        Cli.Run wrong = Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", dir.resolve("w.safetensors").toString(),
                "--pretrained", Cli.data("vectors.txt").toString(), "--embedding", "8");
        assertEquals(2, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("the word vectors have 16 dimensions but the embedding has 8; set --embedding 16"), wrong.err());
    }

    static String[] concat(String[] a, String b) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    @Test
    void quickstartTrainsAndShowsWhatItLearned() throws Exception {
        long start = System.nanoTime();
        Cli.Run r = Cli.run(dir, null, "quickstart");
        assertEquals(0, r.exit(), r.toString());
        assertTrue((System.nanoTime() - start) / 1e9 < 60, "under a minute");
        double accuracy = Double.parseDouble(r.out().replaceAll("(?s).*held-out accuracy (\\d\\.\\d+)\\n.*", "$1"));
        assertTrue(accuracy >= 0.9, r.out());
        assertTrue(r.out().matches("(?s).*p=0\\.\\d\\d  the movie was not good.*") && r.out().matches("(?s).*p=1\\.00  the movie was good.*"), r.out());
    }
}
