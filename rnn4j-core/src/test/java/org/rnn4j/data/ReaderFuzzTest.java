package org.rnn4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader on generated malformed input: 800 files per reader from a seeded generator that mixes valid records
 * with tabs, quotes, brackets, NaN, 1e39, empty fields, stray bytes and invalid UTF-8. Reading either succeeds with
 * finite numbers or fails with a {@link DataException} naming the file and a line; never another exception.
 */
class ReaderFuzzTest {
    static final String[] PIECES = {"1", "0", "-2.5", "1e39", "1e400", "NaN", "Infinity", "x", "the", "dog", "\t", "\t\t", ",", ",,", "\"", "{", "}", "[", "]",
            "[[1, 2]]", "[1, 2]", "{\"x\": [[1, 2]], \"y\": \"a\"}", "{\"x\": [[1]], \"y\": 3}", "{\"x\": [[1, 2]], \"y\": [\"A\"]}", "\"y\":", "\"x\":", ":", " ",
            "é", "日本", "\\", "\\n", "null", "true", "DET", "NOUN", "day,value", "0,1", "label\ttext"};

    @TempDir Path dir;

    static byte[] generate(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        for (int line = r.nextInt(0, 12); line > 0; line--) {
            for (int p = r.nextInt(0, 6); p > 0; p--) s.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextInt(20) == 0) s.append("x".repeat(r.nextInt(1, 3000)));
            s.append(r.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > 0 && r.nextInt(15) == 0) b[r.nextInt(b.length)] = (byte) 0xC3;      // a broken UTF-8 sequence, sometimes
        return b;
    }

    void fuzz(String name, Consumer<Path> read) throws IOException {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (int i = 0; i < 800; i++) {
            Path f = dir.resolve(i + "-" + name);
            byte[] content = generate(r);
            Files.write(f, content);
            try {
                read.accept(f);
            } catch (DataException e) {
                if (!e.getMessage().startsWith(f.toString() + ":")) throw new AssertionError("the error does not name FILE:LINE: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError(name + " failed with " + e + " on:\n" + new String(content, StandardCharsets.UTF_8), e);
            }
        }
    }

    static void finite(float v, Path f) {
        if (!Float.isFinite(v)) throw new AssertionError(f + " gave " + v);
    }

    @Test void tsvLabeled() throws IOException { fuzz("a.tsv", f -> { try (var s = TsvReader.labeled(f)) { s.forEach(e -> {}); } }); }

    @Test void tsvPairs() throws IOException { fuzz("b.tsv", f -> { try (var s = TsvReader.pairs(f)) { s.forEach(e -> {}); } }); }

    @Test void conll() throws IOException { fuzz("c.conll", f -> { try (var s = ConllReader.sentences(f)) { s.forEach(e -> {}); } }); }

    @Test
    void jsonLines() throws IOException {
        fuzz("d.jsonl", f -> {
            try (var s = JsonlReader.examples(f)) {
                s.forEach(e -> {
                    boolean sequence = e.x().isArray() && e.x().size() > 0 && e.x().get(0).isArray();
                    for (float[] step : sequence ? e.sequence() : new float[][] {e.vector()}) for (float v : step) finite(v, f);
                    if (e.y() != null && e.y().isNumber()) finite(e.number(), f);
                });
            }
        });
    }

    @Test
    void csvSeries() throws IOException {
        fuzz("e.csv", f -> {
            for (float v : CsvSeries.read(f, "value").values()) finite(v, f);
        });
    }

    @Test
    void wordVectors() throws IOException {
        Vocabulary vocab = new Vocabulary(List.of("<pad>", "<unk>", "<bos>", "<eos>", "the", "dog", "x", "1"));
        fuzz("f.txt", f -> {
            WordVectors.Found found = WordVectors.read(f, vocab);
            for (float[] row : found.rows()) if (row != null) for (float v : row) finite(v, f);
        });
    }
}
