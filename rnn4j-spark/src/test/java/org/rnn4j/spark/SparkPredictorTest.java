package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Seq;
import org.rnn4j.model.Model;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskModel;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Training.Method;
import org.rnn4j.train.Training;

/**
 * Batch prediction on Spark in local[2] mode, over several partitions: every row gets exactly what {@code rnn4j
 * predict} prints for its line (the same task code, here run on the driver without Spark), in the rows' order;
 * blank inputs give nulls, unreadable ones an error message; a file that is not a model is refused on the driver.
 */
class SparkPredictorTest {
    static final Path DATA = Path.of("..", "examples", "data");
    static SparkSession spark;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rnn4j-test").config("spark.ui.enabled", "false").config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/rnn4j-spark-warehouse")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** A small model trained through the task layer, saved as {@code rnn4j train} saves it. */
    @SuppressWarnings("unchecked")
    static Path train(String taskName, Path data, String fileName) throws Exception {
        Task<Seq, Object, Model<Seq, Object>> task = (Task<Seq, Object, Model<Seq, Object>>) Tasks.prepare(taskName, data,
                new DataOptions(Format.of(data), null, null, 1, 0, 256, null, 0, 0, null, false, 32));
        Model<Seq, Object> model = task.build(new ModelOptions(CellType.LSTM, 16, 1, false, 8, 0f, null, Pooling.LAST, 3, List.of()), Compute.auto(), new SplittableRandom(1));
        List<Seq> x = new ArrayList<>();
        List<Object> y = new ArrayList<>();
        try (var examples = task.read(data)) {
            examples.forEach(e -> {
                x.add(e.x());
                y.add(e.y());
            });
        }
        model.fit(x, y, new Training(3, 16, Method.ADAM, 0.01, 5), new SplittableRandom(2));
        Path file = dir.resolve(fileName);
        model.save(file, Map.of("task", Tasks.toJson(task)));
        return file;
    }

    private static void predictsAsTheCommandLine(Path model, List<String> lines) throws Exception {
        TaskModel<Object, Object, Model<Object, Object>> local = TaskModel.load(model, Compute.auto());
        Dataset<Row> input = spark.createDataset(lines, Encoders.STRING()).toDF("value").repartition(3);
        List<String> order = input.collectAsList().stream().map(r -> r.getString(0)).toList();       // repartition shuffles
        List<Row> rows = SparkPredictor.of(spark, model.toString()).transform(input, "value").collectAsList();
        assertEquals(lines.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String line = r.getString(0);
            assertEquals(order.get(i), line, "rows keep their order and columns");
            if (line.isBlank()) {
                assertNull(r.get(1), "a blank line has no prediction, as the command line prints none");
                continue;
            }
            var expected = local.task().predict(local.model(), line, Path.of("<value>"), 1);
            assertEquals(Task.line(expected.get("prediction")), r.getString(1), line);
            assertEquals(expected.toString(), r.getString(2), line);
            assertNull(r.get(3));
        }
    }

    @Test
    void classifierRowsEqualTheCommandLine() throws Exception {
        Path model = train("classify", DATA.resolve("reviews.tsv"), "reviews.safetensors");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(DATA.resolve("reviews.tsv"))) lines.add(l.substring(l.indexOf('\t') + 1));
        lines.add("   ");
        lines.add("a review with words the model never saw");
        predictsAsTheCommandLine(model, lines);
    }

    @Test
    void taggerRowsEqualTheCommandLineAndBadInputGetsAnError() throws Exception {
        Path model = train("tag", DATA.resolve("tags.conll"), "tags.safetensors");
        predictsAsTheCommandLine(model, List.of("a bird sees the dog", "the dog", "", "dog bird dog bird dog bird"));

        Path numbers = train("classify", DATA.resolve("gestures.jsonl"), "gestures.safetensors");
        Dataset<Row> bad = spark.createDataset(List.of("not json at all"), Encoders.STRING()).toDF("value");
        Row r = SparkPredictor.of(spark, numbers.toString()).transform(bad, "value").collectAsList().get(0);
        assertNull(r.get(1));
        assertTrue(r.getString(3).contains("<value>:1"), "the error names where: " + r.getString(3));
    }

    @Test
    void anArrayOfArraysColumnIsReadAsTheJsonLineOfItsVectors() throws Exception {
        Path gestures = DATA.resolve("gestures.jsonl");
        Path model = train("classify", gestures, "gestures-columns.safetensors");
        TaskModel<Object, Object, Model<Object, Object>> local = TaskModel.load(model, Compute.auto());
        List<String> lines = Files.readAllLines(gestures);
        List<Row> rows = SparkPredictor.of(spark, model.toString()).transform(spark.read().json(gestures.toString()).coalesce(1), "x").collectAsList();
        assertEquals(lines.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            var expected = local.task().predict(local.model(), lines.get(i), Path.of("<x>"), 1);
            assertEquals(expected.toString(), rows.get(i).getString(rows.get(i).fieldIndex("output")), "row " + i);
            assertEquals(List.of("x", "y", "prediction", "output", "error"), List.of(rows.get(i).schema().fieldNames()));
        }
    }

    @Test
    void aFileThatIsNotAModelIsRefusedOnTheDriver() throws Exception {
        Path notModel = Files.writeString(dir.resolve("notes.safetensors"), "not a model");
        assertThrows(RuntimeException.class, () -> SparkPredictor.of(spark, notModel.toString()));
        Dataset<Row> numbers = spark.range(3).toDF("value");
        Path model = train("classify", DATA.resolve("reviews.tsv"), "reviews2.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkPredictor.of(spark, model.toString()).transform(numbers, "value"));
        assertTrue(e.getMessage().contains("reads strings"), e.getMessage());
    }
}
