package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.Tasks;

/**
 * The distributed preparation pass in local[2] mode: a task prepared from 3 partitions of a file (vocabularies with a
 * minimum count, labels, target lengths) is the task {@code rnn4j train} prepares from the file; a DataFrame's
 * columns give the file's lines; and a bad line is reported by its partition and line.
 */
class SparkPreparationTest {
    static final Path DATA = Path.of("..", "examples", "data");
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rnn4j-prepare-test").config("spark.ui.enabled", "false").getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void aTaskPreparedOverPartitionsIsTheTaskOfTheWholeFile() throws Exception {
        Path stories = Files.write(Files.createTempDirectory("rnn4j-qa").resolve("stories.tsv"), List.of(
                "Mary went to the office. John went to the garden.\tWhere is Mary?\toffice", "Sandra went to the kitchen. Mary went to the hallway.\tWhere is Mary?\thallway",
                "John went to the kitchen. John went to the office.\tWhere is John?\toffice", "Daniel went to the garden.\tWhere is Daniel?\tgarden",
                "Mary went to the garden. Sandra went to the office.\tWhere is Sandra?\toffice", "John went to the hallway.\tWhere is John?\thallway"));
        for (String[] c : new String[][] {{"classify", "reviews.tsv"}, {"classify", "gestures.jsonl"}, {"regress", "ratings.tsv"}, {"lm", "sentences.txt"},
                {"seq2seq", "numbers.tsv"}, {"qa", stories.toString()}}) {
            Path file = DATA.resolve(c[1]);
            DataOptions o = options(file);
            assertEquals(Tasks.toJson(Tasks.prepare(c[0], file, o)), Tasks.toJson(SparkPreparation.prepare(sc.parallelize(Files.readAllLines(file), 3), c[0], o)), c[0] + " on " + file);
        }
    }

    @Test
    void aDataFrameIsReadAsItsFile() throws Exception {
        Path reviews = DATA.resolve("reviews.tsv");
        List<Row> rows = new ArrayList<>();
        for (String l : Files.readAllLines(reviews)) rows.add(RowFactory.create(l.substring(l.indexOf('\t') + 1), l.substring(0, l.indexOf('\t'))));
        rows.add(RowFactory.create(null, "pos"));                                               // left out, as a blank line
        Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType));
        TrainingData text = TrainingData.of(frame, "classify", "label", "text");
        assertEquals(Format.TSV, text.format());
        assertEquals(Files.readAllLines(reviews), text.lines().collect());
        assertEquals(Tasks.toJson(Tasks.prepare("classify", reviews, options(reviews))), Tasks.toJson(SparkPreparation.prepare(text.lines(), "classify", options(reviews))));

        Path gestures = DATA.resolve("gestures.jsonl");
        TrainingData vectors = TrainingData.of(spark.read().json(gestures.toString()), "classify", "y", "x");
        assertEquals(Format.JSONL, vectors.format());
        assertEquals(Tasks.toJson(Tasks.prepare("classify", gestures, options(gestures))), Tasks.toJson(SparkPreparation.prepare(vectors.lines().repartition(3), "classify", options(gestures))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingData.of(spark.read().json(gestures.toString()), "seq2seq", "y", "x"));
        assertTrue(e.getMessage().contains("reads text"), e.getMessage());
    }

    @Test
    void aBadLineIsNamedByItsPartitionAndLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(DATA.resolve("reviews.tsv")).subList(0, 40));
        lines.set(27, "a line without a tab");
        Exception e = assertThrows(Exception.class, () -> SparkPreparation.prepare(sc.parallelize(lines, 2), "classify", options(DATA.resolve("reviews.tsv"))));
        String message = "";
        for (Throwable c = e; c != null; c = c.getCause()) if (c instanceof IllegalArgumentException) message = c.getMessage();
        assertTrue(message.startsWith("line 8 of partition 1 of the training data: "), message);
        IllegalArgumentException caption = assertThrows(IllegalArgumentException.class, () -> SparkPreparation.prepare(sc.parallelize(lines, 2), "caption", options(DATA.resolve("reviews.tsv"))));
        assertTrue(caption.getMessage().contains("caption"), caption.getMessage());
    }

    private static DataOptions options(Path file) {
        return new DataOptions(Format.of(file), file.toString().endsWith(".txt") ? Tokenizer.CHARS : null, null, 2, 0, 256, null, 0, 0, null, true, 64);
    }
}
