package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader on a good file, and on each kind of bad input: a missing field, a wrong type, ragged rows, an
 * empty file, invalid UTF-8, a 10 MB line. Each error is a {@link DataException} naming the file, the line and
 * what was expected.
 */
class ReadersTest {
    @TempDir Path dir;

    Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    Path bytes(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** Reads the whole stream and returns the error it must end in, checking that it names file and line. */
    static DataException fails(Path file, long line, String expectation, Function<Path, Stream<?>> reader) {
        DataException e = assertThrows(DataException.class, () -> {
            try (Stream<?> s = reader.apply(file)) {
                s.forEach(x -> { });
            }
        });
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), "names file and line: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectation), "says \"" + expectation + "\": " + e.getMessage());
        return e;
    }

    static byte[] longLine() {
        byte[] b = new byte[10 << 20];
        java.util.Arrays.fill(b, (byte) 'a');
        b[0] = '1';
        b[1] = '\t';
        return b;
    }

    static byte[] invalidUtf8(String before) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + 3);
        out[head.length] = (byte) 0xC3;                 // a lead byte followed by a non-continuation byte
        out[head.length + 1] = (byte) 0x28;
        out[head.length + 2] = '\n';
        return out;
    }

    @Test
    void labeledTsv() throws IOException {
        var ok = TsvReader.labeled(file("ok.tsv", "pos\tgood film\n\nneg\tbad film\r\n")).toList();
        assertEquals(List.of(new TsvReader.Labeled(1, "pos", "good film"), new TsvReader.Labeled(3, "neg", "bad film")), ok);
        Function<Path, Stream<?>> r = TsvReader::labeled;
        fails(file("extra.tsv", "pos\tgood film\nneg\tbad\tfilm\n"), 2, "expected label<TAB>text, found 2 tabs", r);
        fails(file("no-tab.tsv", "pos\tfine\nno tab here\n"), 2, "expected label<TAB>text, found no tab", r);
        fails(file("no-label.tsv", "\tsome text\n"), 1, "the label is empty", r);
        fails(file("no-text.tsv", "pos\tok\nneg\t  \n"), 2, "the text is empty", r);
        fails(file("empty.tsv", ""), 1, "the file has no records; expected lines of label<TAB>text", r);
        fails(file("blank.tsv", "\n\n"), 1, "the file has no records", r);
        fails(bytes("latin1.tsv", invalidUtf8("pos\tok\nneg\tbad ")), 2, "is not valid UTF-8", r);
        fails(bytes("long.tsv", longLine()), 1, "line is longer than 1048576 bytes", r);
        var number = assertThrows(DataException.class, () -> TsvReader.number(Path.of("r.tsv"), new TsvReader.Labeled(4, "five", "x")));
        assertEquals("r.tsv:4: expected a finite decimal float32 as the label of a regression example, found \"five\"", number.getMessage());
    }

    @Test
    void pairTsv() throws IOException {
        assertEquals(List.of(new TsvReader.Pair(1, "4 2", "forty two")), TsvReader.pairs(file("ok.tsv", "4 2\tforty two\n")).toList());
        Function<Path, Stream<?>> r = TsvReader::pairs;
        fails(file("one.tsv", "4 2\tforty two\n4 3\n"), 2, "expected source<TAB>target, found 0 tabs", r);
        fails(file("three.tsv", "a\tb\tc\n"), 1, "found 2 tabs", r);
        fails(file("empty-target.tsv", "a\t\n"), 1, "the target is empty", r);
        fails(file("empty.tsv", ""), 1, "expected lines of source<TAB>target", r);
        fails(bytes("bad.tsv", invalidUtf8("")), 1, "is not valid UTF-8", r);
        fails(bytes("long.tsv", longLine()), 1, "longer than", r);
    }

    @Test
    void conll() throws IOException {
        var ok = ConllReader.sentences(file("ok.conll", "-DOCSTART- O\n\nthe\tDET\ndog\tNOUN\n\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n")).toList();
        assertEquals(2, ok.size());
        assertEquals(new ConllReader.Sentence(3, List.of("the", "dog"), List.of("DET", "NOUN")), ok.get(0));
        assertEquals(List.of("B-ORG", "O"), ok.get(1).tags());
        Function<Path, Stream<?>> r = ConllReader::sentences;
        fails(file("no-tag.conll", "the\tDET\ndog\n"), 2, "expected token<TAB>tag, found \"dog\"", r);
        fails(file("empty-tag.conll", "the\t\n"), 1, "expected token<TAB>tag", r);
        fails(file("empty.conll", "\n"), 1, "expected lines of token<TAB>tag with a blank line between sentences", r);
        fails(bytes("bad.conll", invalidUtf8("the\tDET\n")), 2, "is not valid UTF-8", r);
        fails(bytes("long.conll", longLine()), 1, "longer than", r);
    }

    @Test
    void jsonLines() throws IOException {
        var ok = JsonlReader.examples(file("ok.jsonl", "{\"x\": [[1, 2], [3, 4.5]], \"y\": \"up\"}\n\n{\"x\": [[0, 1]], \"y\": 2.5}\n")).toList();
        assertEquals(2, ok.size());
        assertArrayEquals(new float[] {3, 4.5f}, ok.get(0).sequence()[1]);
        assertEquals("up", ok.get(0).label());
        assertEquals(2.5f, ok.get(1).number());
        Function<Path, Stream<?>> r = JsonlReader::examples;
        fails(file("not-json.jsonl", "{\"x\": [[1]], \"y\": 1}\n{\"x\": [[1]], \"y\": \n"), 2, "expected a JSON object {\"x\": ..., \"y\": ...}", r);
        fails(file("array.jsonl", "[1, 2]\n"), 1, "expected a JSON object {\"x\": ..., \"y\": ...}, found an array", r);
        fails(file("no-x.jsonl", "{\"y\": 1}\n"), 1, "missing field \"x\"", r);
        fails(file("empty.jsonl", ""), 1, "expected one JSON object {\"x\": ..., \"y\": ...} per line", r);
        fails(bytes("bad.jsonl", invalidUtf8("{\"x\": [[1]], \"y\": 1}\n")), 2, "is not valid UTF-8", r);
        fails(bytes("long.jsonl", longLine()), 1, "longer than", r);
        // field types, checked when the task reads the example
        Function<Path, Stream<?>> ragged = p -> JsonlReader.examples(p).map(JsonlReader.Example::sequence);
        fails(file("ragged.jsonl", "{\"x\": [[1, 2]], \"y\": 1}\n{\"x\": [[1, 2], [3]], \"y\": 1}\n"), 2, "ragged \"x\": step 1 has 1 numbers, step 0 has 2", ragged);
        fails(file("string-x.jsonl", "{\"x\": \"abc\", \"y\": 1}\n"), 1, "\"x\" must be a non-empty array of arrays of numbers, found a string", ragged);
        fails(file("string-value.jsonl", "{\"x\": [[1, \"a\"]], \"y\": 1}\n"), 1, "\"x\" step 0 must hold numbers; element 1 is a string", ragged);
        Function<Path, Stream<?>> numbers = p -> JsonlReader.examples(p).map(JsonlReader.Example::number);
        fails(file("y-string.jsonl", "{\"x\": [[1]], \"y\": \"high\"}\n"), 1, "\"y\" must be a number, found a string", numbers);
        fails(file("y-missing.jsonl", "{\"x\": [[1]]}\n"), 1, "\"y\" must be a number, found missing", numbers);
        Function<Path, Stream<?>> tags = p -> JsonlReader.examples(p).map(JsonlReader.Example::labels);
        fails(file("y-tags.jsonl", "{\"x\": [[1]], \"y\": \"NOUN\"}\n"), 1, "\"y\" must be an array of tags, found a string", tags);
    }

    @Test
    void csvSeries() throws IOException {
        var s = CsvSeries.read(file("ok.csv", "day,value\n0,1.5\n1,2.5\n\n2,3.5\n3,4.5\n"), "value");
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f, 4.5f}, s.values());
        assertEquals(2, s.windows(2, 1));
        var w = s.window(1, 2, 1);
        assertEquals(3, w.line());
        assertArrayEquals(new float[] {4.5f}, w.y());
        assertArrayEquals(new float[] {1.5f, 2.5f}, CsvSeries.read(file("nohead.csv", "1.5\n2.5\n"), "0").values());
        Function<Path, Stream<?>> r = p -> Stream.of(CsvSeries.read(p, "value"));
        fails(file("text.csv", "day,value\n0,1\n1,high\n"), 3, "expected a finite decimal float32 in column value, found \"high\"", r);
        fails(file("short.csv", "day,value\n0,1\n1\n"), 3, "has 1 columns; the first row has 2", r);
        fails(file("long.csv", "day,value\n0,1\n1,2,3\n"), 3, "has 3 columns; the first row has 2", r);
        fails(file("nocol.csv", "day,amount\n0,1\n"), 1, "has no column \"value\"", r);
        fails(file("empty.csv", "day,value\n"), 1, "the file has no records; expected rows with a number in column value", r);
        fails(bytes("bad.csv", invalidUtf8("day,value\n0,1\n")), 3, "is not valid UTF-8", r);
    }

    @Test
    void plainText() throws IOException {
        var lines = LineReader.lines(file("ok.txt", "\uFEFFfirst line\r\nsecond\n")).toList();
        assertEquals(List.of(new LineReader.Line(1, "first line"), new LineReader.Line(2, "second")), lines);
        fails(bytes("bad.txt", invalidUtf8("fine\nalso fine\n")), 3, "is not valid UTF-8", LineReader::lines);
        fails(bytes("long.txt", longLine()), 1, "line is longer than", LineReader::lines);
    }

    @Test
    void unknownLabelsAreNamedWithTheKnownOnes() {
        Labels labels = Labels.of(List.of("pos", "neg", "pos"));
        assertEquals(List.of("neg", "pos"), labels.names());
        DataException e = assertThrows(DataException.class, () -> labels.id("neutral", Path.of("test.tsv"), 7));
        assertEquals("test.tsv:7: unknown label \"neutral\"; the model knows [neg, pos]", e.getMessage());
    }

    @Test
    void wordVectors() throws IOException {
        Vocabulary v = new Vocabulary(List.of("<pad>", "<unk>", "<bos>", "<eos>", "good", "bad"));
        var found = WordVectors.read(file("v.txt", "3 2\ngood 0.5 1\nother 1 1\nBAD -1 0.25\n"), v);
        assertEquals(2, found.dimension());
        assertEquals(2, found.hits());
        assertArrayEquals(new float[] {-1, 0.25f}, found.rows()[5]);
        fails(file("ragged.txt", "good 0.5 1\nbad 1\n"), 2, "expected 2 numbers after the word, found 1", p -> Stream.of(WordVectors.read(p, v)));
        fails(file("nan.txt", "good 0.5 x\n"), 1, "expected a finite float32 as value 2 of \"good\", found \"x\"", p -> Stream.of(WordVectors.read(p, v)));
    }

    @Test
    void tokenizersAndVocabularies() {
        assertEquals(List.of("the", "plot", ",", "wasn't", "good", "!"), Tokenizer.WORDS.tokenize("The plot, wasn't GOOD!"));
        assertEquals(List.of("a", "b", " ", "é"), Tokenizer.CHARS.tokenize("ab é"));
        assertEquals(List.of("EU", "rejects"), Tokenizer.SPLIT.tokenize("  EU   rejects "));
        Vocabulary v = Vocabulary.build(java.util.Map.of("b", 3L, "a", 3L, "c", 1L, "d", 5L), 2, 6);
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "d", "a"), v.tokens());
        assertArrayEquals(new int[] {5, 1, 4}, v.encode(List.of("a", "zzz", "d")));
        assertEquals(List.of("a", "d"), v.decode(new int[] {2, 5, 4, 3, 0}));
    }

    @Test
    void bagOfWordsAndTfIdf() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 2, 1}, BagOfWords.counts(new int[] {4, 5, 4, 0}, 6));
        var tfidf = BagOfWords.TfIdf.fit(List.of(new int[] {4, 5}, new int[] {4}), 6);
        assertEquals(1.0, tfidf.idf()[4], 1e-6);                                // in every document
        assertEquals(Math.log(3.0 / 2.0) + 1, tfidf.idf()[5], 1e-6);
        float[] v = tfidf.transform(new int[] {4, 5});
        assertEquals(1.0, v[4] * v[4] + v[5] * v[5], 1e-6);
        assertTrue(v[5] > v[4], "the rarer word weighs more");
    }
}
