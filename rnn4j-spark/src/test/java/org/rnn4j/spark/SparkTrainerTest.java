package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.model.Model;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.optim.Gradients;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training.Method;
import org.rnn4j.train.Training;

/**
 * Synchronous data-parallel training in local[2] mode (tasks may fail 3 times) against one machine training on the
 * same global batches with the same update: after 20 steps every weight agrees within 1e-5 of its tensor's largest
 * value, for a many-to-one LSTM and for a character language model; a task that fails is retried and the run ends
 * with the same weights.
 */
class SparkTrainerTest {
    static final Path DATA = Path.of("..", "examples", "data");
    static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("rnn4j-train-test").config("spark.ui.enabled", "false").config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/rnn4j-spark-warehouse").getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @SuppressWarnings("unchecked")
    static <X, Y> Task<X, Y, Model<X, Y>> task(String name, Path file) {
        return (Task<X, Y, Model<X, Y>>) Tasks.prepare(name, file, new DataOptions(Format.of(file), null, null, 1, 0, 256, null, 0, 0, null, false, 32));
    }

    /** One machine, the same global batches ({@link Shares} over the same partitions), the same update. */
    static <X, Y> List<Double> oneMachine(Task<X, Y, Model<X, Y>> task, Model<X, Y> model, List<List<String>> partitions, Training training, long seed, int maxSteps) {
        List<List<Example<X, Y>>> examples = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) examples.add(Partitions.examples(task, p, partitions.get(p).iterator()));
        int steps = Shares.stepsPerEpoch(examples.stream().mapToLong(List::size).sum(), training.batchSize());
        Optimizer optimizer = training.optimizer().create(model.params(), training.learningRate());
        List<Double> losses = new ArrayList<>();
        int step = 0;
        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            double lr = training.learningRate() * Math.pow(training.lrDecay(), epoch - 1);
            optimizer.setLearningRate(lr);
            for (int s = 0; s < steps && step < maxSteps; s++, step++) {
                List<X> x = new ArrayList<>();
                List<Y> y = new ArrayList<>();
                for (int p = 0; p < examples.size(); p++) {
                    for (int k : Shares.of(examples.get(p).size(), steps, seed, epoch, p, s)) {
                        x.add(examples.get(p).get(k).x());
                        y.add(examples.get(p).get(k).y());
                    }
                }
                Gradients.zero(model.params());
                losses.add(model.trainBatch(x, y, null));
                Trainer.update(model.params(), training, lr, optimizer);
            }
        }
        return losses;
    }

    static void sameWeights(Model<?, ?> cluster, Model<?, ?> local) {
        for (int i = 0; i < local.params().size(); i++) {
            Param a = cluster.params().get(i), b = local.params().get(i);
            double scale = 1e-12;
            for (float v : b.value().data()) scale = Math.max(scale, Math.abs(v));
            double worst = 0;
            for (int j = 0; j < b.value().size(); j++) worst = Math.max(worst, Math.abs(a.value().data()[j] - b.value().data()[j]) / scale);
            assertTrue(worst <= 1e-5, b.name() + ": relative difference " + worst);
        }
    }

    private static <X, Y> void clusterEqualsOneMachine(String taskName, Path file, ModelOptions options, Training training, int partitions, boolean failOnce)
            throws Exception {
        Task<X, Y, Model<X, Y>> task = task(taskName, file);
        Model<X, Y> cluster = task.build(options, Compute.auto(), new SplittableRandom(7)), local = task.build(options, Compute.auto(), new SplittableRandom(7));
        JavaRDD<String> lines = sc.parallelize(Files.readAllLines(file), partitions);
        List<List<String>> byPartition = lines.glom().collect();
        JavaRDD<String> read = lines.map(l -> {
            if (TaskContext.getPartitionId() == 1 && FAIL_ONCE.getAndSet(false)) throw new IllegalStateException("a task killed on purpose");
            return l;
        });
        boolean[] failed = {false};
        SparkTrainer.Result r = SparkTrainer.fit(read, task, cluster, new SparkTrainer.Settings(training, 11, 20, null), (epoch, step, loss) -> {
            if (failOnce && step == 5) {
                // mid-run, the executors lose the examples they hold, and the task that reads them again fails once
                sc.getPersistentRDDs().values().forEach(rdd -> rdd.unpersist(true));
                FAIL_ONCE.set(true);
                failed[0] = true;
            }
        });
        assertEquals(20, r.steps());
        assertTrue(!failOnce || failed[0] && !FAIL_ONCE.get(), "the failure was injected and hit");
        List<Double> expected = oneMachine(task, local, byPartition, training, 11, 20);
        for (int i = 0; i < 20; i++) assertEquals(expected.get(i), r.losses().get(i), 1e-5 * Math.abs(expected.get(i)), "loss of step " + (i + 1));
        sameWeights(cluster, local);
        double first = r.losses().subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = r.losses().subList(15, 20).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < first, "it learns: the last 5 steps' mean loss is below the first 5's: " + r.losses());
    }

    @Test
    void manyToOneLstmEqualsOneMachine() throws Exception {
        clusterEqualsOneMachine("classify", DATA.resolve("reviews.tsv"), new ModelOptions(CellType.LSTM, 16, 1, false, 8, 0f, null, Pooling.LAST, 3, List.of()),
                new Training(3, 16, Method.ADAM, 0.01, 0.9, 5.0, 0, 0, org.rnn4j.train.Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY), 2, false);
    }

    @Test
    void languageModelEqualsOneMachine() throws Exception {
        clusterEqualsOneMachine("lm", DATA.resolve("sentences.txt"), new ModelOptions(CellType.GRU, 24, 1, false, 8, 0f, null, Pooling.LAST, 3, List.of()),
                new Training(2, 32, Method.ADAM, 0.01, 1.0, 5.0, 0, 0, org.rnn4j.train.Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY), 3, false);
    }

    @Test
    void aRunResumedFromItsCheckpointEndsAsAnUninterruptedOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Task<Object, Object, Model<Object, Object>> task = task("classify", DATA.resolve("reviews.tsv"));
        ModelOptions options = new ModelOptions(CellType.LSTM, 16, 1, false, 8, 0f, null, Pooling.LAST, 3, List.of());
        Training training = new Training(3, 16, Method.ADAM, 0.01, 0.9, 5.0, 0, 0, org.rnn4j.train.Monitor.TRAIN_LOSS, 4, Training.IN_MEMORY);
        JavaRDD<String> lines = sc.parallelize(Files.readAllLines(DATA.resolve("reviews.tsv")), 2);
        Model<Object, Object> whole = task.build(options, Compute.auto(), new SplittableRandom(7));
        SparkTrainer.fit(lines, task, whole, new SparkTrainer.Settings(training, 11, 20, null), (e, s, l) -> { });

        Path checkpoint = dir.resolve("run.ckpt");
        Model<Object, Object> first = task.build(options, Compute.auto(), new SplittableRandom(7));
        assertEquals(13, SparkTrainer.fit(lines, task, first, new SparkTrainer.Settings(training, 11, 13, checkpoint), (e, s, l) -> { }).steps());
        assertTrue(Files.exists(checkpoint));
        Model<Object, Object> resumed = task.build(options, Compute.auto(), new SplittableRandom(99));       // other weights: the checkpoint's replace them
        SparkTrainer.Result rest = SparkTrainer.fit(lines, task, resumed, new SparkTrainer.Settings(training, 11, 20, checkpoint), (e, s, l) -> { });
        assertEquals(20, rest.steps());
        assertEquals(7, rest.losses().size(), "the resumed run takes the 7 steps left");
        sameWeights(resumed, whole);
    }

    @Test
    void aFailedTaskIsRetriedAndTheResultIsTheSame() throws Exception {
        clusterEqualsOneMachine("classify", DATA.resolve("reviews.tsv"), new ModelOptions(CellType.LSTM, 16, 1, false, 8, 0f, null, Pooling.LAST, 3, List.of()),
                new Training(3, 16, Method.ADAM, 0.01, 0.9, 5.0, 0, 0, org.rnn4j.train.Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY), 2, true);
    }
}
