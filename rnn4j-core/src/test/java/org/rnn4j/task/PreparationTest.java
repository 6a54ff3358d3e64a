package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Tokenizer;

/**
 * A task prepared in parts equals the task prepared in one pass: a file's lines dealt to three parts (every third
 * line, so the parts see different classes and tokens), each part prepared on its own, sent through Java
 * serialization as a cluster sends them, and merged in another order, give the same vocabularies, labels and
 * scaling as {@link Tasks#prepare} on the whole file.
 */
class PreparationTest {
    static final Path DATA = Path.of("..", "examples", "data");
    @TempDir Path dir;

    @Test
    void textTasksPreparedInPartsEqualOnePass() throws Exception {
        assertSame("classify", DATA.resolve("reviews.tsv"), null);
        assertSame("classify", DATA.resolve("gestures.jsonl"), null);
        assertSame("qa", Path.of("stories.tsv"), stories());
        assertSame("tag", DATA.resolve("shapes-tags.jsonl"), tagLines());
        assertSame("lm", DATA.resolve("sentences.txt"), null);
        assertSame("seq2seq", DATA.resolve("numbers.tsv"), null);
        assertSame("regress", DATA.resolve("ratings.tsv"), null);
    }

    @Test
    void scalingMergedFromPartsEqualsOnePassToRounding() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            lines.add(String.format(Locale.ROOT, "{\"x\": [[%.4f, %.4f], [%.4f, %.4f]], \"y\": [%.3f, %.3f]}", 1000 + 50 * rng.nextGaussian(), 1e-3 * rng.nextGaussian(),
                    1000 + 50 * rng.nextGaussian(), i % 7 == 0 ? 5.0 : 0.0, 3 * rng.nextGaussian(), 100 + rng.nextGaussian()));
        }
        Path file = Files.write(dir.resolve("series.jsonl"), lines);
        RegressTask whole = (RegressTask) Tasks.prepare("regress", file, options(file));
        RegressTask parts = (RegressTask) merged("regress", file);
        Encoder.Features a = (Encoder.Features) whole.encoder(), b = (Encoder.Features) parts.encoder();
        assertArrayEquals(a.scaling().mean(), b.scaling().mean(), 1e-6f * 1000);
        assertArrayEquals(a.scaling().std(), b.scaling().std(), 1e-5f);
        assertArrayEquals(whole.targets().mean(), parts.targets().mean(), 1e-5f);
        assertArrayEquals(whole.targets().std(), parts.targets().std(), 1e-5f);
    }

    @Test
    void partsThatDisagreeAreRefused() throws Exception {
        Path file = Files.write(dir.resolve("widths.jsonl"), List.of("{\"x\": [[1, 2]], \"y\": \"a\"}", "{\"x\": [[1, 2, 3]], \"y\": \"b\"}", "{\"x\": [[1, 2]], \"y\": \"b\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> merged("classify", file));
        assertTrue(e.getMessage().contains("2 features per step in one part of the data and 3 in another"), e.getMessage());
        DataOptions tfidf = new DataOptions(Format.TSV, null, null, 1, 0, 256, null, 0, 0, BagOfWordsModel.Weighting.TFIDF, true, 64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tasks.preparation("classify", tfidf)).getMessage().contains("second pass"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.preparation("caption", options(file)));
    }

    @Test
    void aSingleClassIsRefusedNamingTheFile() throws IOException {
        Path file = Files.write(dir.resolve("one.tsv"), List.of("a\tsome text", "a\tmore text"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tasks.prepare("classify", file, options(file)));
        assertEquals(file + ": classify needs at least 2 classes in the training data, found [a]", e.getMessage());
    }

    private void assertSame(String task, Path file, List<String> lines) throws Exception {
        if (lines != null) file = Files.write(dir.resolve(file.getFileName()), lines);
        assertEquals(Tasks.toJson(Tasks.prepare(task, file, options(file))), Tasks.toJson(merged(task, file)), task + " on " + file);
    }

    /** {@code file}'s lines dealt to three parts, prepared apart, serialized, and merged as part 2, 0, 1. */
    private Task<?, ?, ?> merged(String task, Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String name = file.getFileName().toString();
        Preparation[] parts = new Preparation[3];
        for (int p = 0; p < 3; p++) {
            List<String> mine = new ArrayList<>();
            for (int i = p; i < lines.size(); i += 3) mine.add(lines.get(i));
            Path part = Files.write(dir.resolve(p + "-" + name), mine);
            Preparation prep = Tasks.preparation(task, options(file));
            prep.source().forEach(part, prep::add);
            parts[p] = roundTrip(prep);
        }
        parts[2].merge(parts[0]);
        parts[2].merge(parts[1]);
        return parts[2].result();
    }

    private static Preparation roundTrip(Preparation p) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Preparation) in.readObject();
        }
    }

    /** Stories in the style of bAbI task 1: people move between rooms; where is one of them? */
    static List<String> stories() {
        String[] people = {"Mary", "John", "Sandra", "Daniel"}, rooms = {"office", "garden", "kitchen", "hallway", "bathroom"};
        SplittableRandom r = new SplittableRandom(9);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            StringBuilder story = new StringBuilder();
            String[] at = new String[people.length];
            for (int s = 0; s < 4; s++) {
                int who = r.nextInt(people.length);
                at[who] = rooms[r.nextInt(rooms.length)];
                story.append(s == 0 ? "" : " ").append(people[who]).append(" went to the ").append(at[who]).append('.');
            }
            int asked = 0;
            while (at[asked] == null) asked++;
            lines.add(story + "\tWhere is " + people[asked] + "?\t" + at[asked]);
        }
        return lines;
    }

    private static DataOptions options(Path file) {
        return new DataOptions(Format.of(file), file.toString().endsWith(".txt") ? Tokenizer.CHARS : null, null, 2, 0, 256, null, 0, 0, null, true, 64);
    }

    /** Tagging as JSON Lines: each word of a shape's caption tagged with its length class. */
    private static List<String> tagLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(DATA.resolve("shapes.jsonl"))) {
            String caption = line.substring(line.indexOf("\"y\": \"") + 6, line.lastIndexOf('"'));
            StringBuilder x = new StringBuilder(), y = new StringBuilder();
            for (String w : caption.split(" ")) {
                x.append(x.length() == 0 ? "" : ", ").append("[").append(w.length()).append(", ").append(w.charAt(0) - 'a').append("]");
                y.append(y.length() == 0 ? "" : ", ").append("\"").append(w.length() > 4 ? "long" : "short").append("\"");
            }
            out.add("{\"x\": [" + x + "], \"y\": [" + y + "]}");
        }
        return out;
    }
}
