package org.rnn4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.model.Model;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.CellType;
import org.rnn4j.optim.Gradients;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * The cost of training on Spark, measured on this machine: an LSTM classifier on a TSV file, trained for a number
 * of steps (after warm-up steps) on one machine without Spark, then with Spark in local mode with 1 and with 2
 * executor threads. Prints examples/s and milliseconds per step for each; the difference between Spark with one
 * thread and one machine is the per-step overhead of the exchange (weights broadcast, a job, the gradients'
 * aggregation). Also the time to prepare the task (vocabulary, labels) from the file: one pass on one machine,
 * and the distributed pass (the best of 3). Run with rnn4j-spark/run-local.sh org.rnn4j.spark.SparkBench FILE|synthetic [HIDDEN] [BATCH] [STEPS]; "synthetic"
 * is W1's shape (4,096 sequences of 100 tokens over 10,000 words, two classes), so that every step costs the same.
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] args) throws Exception {
        Path file = args[0].equals("synthetic") ? synthetic() : Path.of(args[0]);
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 128, batch = args.length > 2 ? Integer.parseInt(args[2]) : 64,
                steps = args.length > 3 ? Integer.parseInt(args[3]) : 40, warm = 5;
        DataOptions data = new DataOptions(Format.of(file), null, null, 1, 20000, 256, null, 0, 0, null, false, 32);
        Task<Object, Object, Model<Object, Object>> task = null;
        double prepared = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {                                                   // the best of 3, as below
            long begin = System.nanoTime();
            @SuppressWarnings("unchecked")
            Task<Object, Object, Model<Object, Object>> t = (Task<Object, Object, Model<Object, Object>>) Tasks.prepare("classify", file, data);
            prepared = Math.min(prepared, (System.nanoTime() - begin) / 1e6);
            task = t;
        }
        ModelOptions options = new ModelOptions(CellType.LSTM, hidden, 1, false, 64, 0f, null, Pooling.LAST, 3, List.of());
        Training training = new Training(1000, batch, Training.Method.ADAM, 0.005, 1.0, 5.0, 0, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        long parameters = task.build(options, Compute.auto(), new SplittableRandom(1)).params().stream().mapToLong(p -> p.value().size()).sum();
        System.out.printf("spark bench: classify %s, LSTM H %d, E 64, %,d parameters (%.1f MB of gradients per shard), global batch %d, %d steps after %d%n",
                file.getFileName(), hidden, parameters, parameters * 8 / 1e6, batch, steps, warm);
        System.out.printf("%-22s %12s %12s %12s%n", "run", "examples/s", "ms/step", "prepare ms");
        double alone = oneMachine(task, options, training, file, steps, warm);
        System.out.printf("%-22s %12.1f %12.1f %12.1f%n", "one machine, 1 thread", batch * 1000 / alone, alone, prepared);
        for (int threads : new int[] {1, 2}) {
            SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("rnn4j bench").config("spark.ui.enabled", "false").getOrCreate();
            try {
                JavaRDD<String> lines = JavaSparkContext.fromSparkContext(spark.sparkContext()).textFile(file.toString(), threads);
                double prepare = Double.MAX_VALUE;
                for (int i = 0; i < 3; i++) {                                           // the first includes Spark's warm-up
                    long t0 = System.nanoTime();
                    if (!Tasks.toJson(SparkPreparation.prepare(lines, "classify", data)).equals(Tasks.toJson(task))) throw new IllegalStateException("the distributed pass prepared another task");
                    prepare = Math.min(prepare, (System.nanoTime() - t0) / 1e6);
                }
                Model<Object, Object> m = task.build(options, Compute.auto(), new SplittableRandom(1));
                List<Long> times = new ArrayList<>();
                long[] last = {System.nanoTime()};
                SparkTrainer.fit(lines, task, m, new SparkTrainer.Settings(training, 1, steps + warm, null), (epoch, step, loss) -> {
                    long now = System.nanoTime();
                    times.add(now - last[0]);
                    last[0] = now;
                });
                double ms = times.subList(warm, times.size()).stream().mapToLong(Long::longValue).average().orElseThrow() / 1e6;
                System.out.printf("%-22s %12.1f %12.1f %12.1f%n", "spark local[" + threads + "]", batch * 1000 / ms, ms, prepare);
            } finally {
                spark.stop();
            }
        }
    }

    /** 4,096 lines {@code label<TAB>100 words}, the words drawn from 10,000, seeded. */
    private static Path synthetic() throws java.io.IOException {
        Path file = java.nio.file.Files.createTempFile("rnn4j-bench-", ".tsv");
        file.toFile().deleteOnExit();
        SplittableRandom r = new SplittableRandom(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            StringBuilder b = new StringBuilder().append(r.nextInt(2)).append('\t');
            for (int t = 0; t < 100; t++) b.append(t == 0 ? "" : " ").append('w').append(r.nextInt(10_000));
            lines.add(b.toString());
        }
        java.nio.file.Files.write(file, lines);
        return file;
    }

    /** Milliseconds per step of the same training without Spark, on one thread (as one executor core computes). */
    private static double oneMachine(Task<Object, Object, Model<Object, Object>> task, ModelOptions options, Training training, Path file, int steps, int warm) {
        Model<Object, Object> m = task.build(options, new Compute(Compute.bestKernels(), 1), new SplittableRandom(1));
        List<Example<Object, Object>> examples;
        try (Stream<Example<Object, Object>> s = task.read(file)) {
            examples = s.toList();
        }
        Optimizer optimizer = training.optimizer().create(m.params(), training.learningRate());
        SplittableRandom rng = new SplittableRandom(2);
        long start = 0;
        for (int step = 0; step < steps + warm; step++) {
            if (step == warm) start = System.nanoTime();
            List<Object> x = new ArrayList<>(), y = new ArrayList<>();
            for (int i = 0; i < training.batchSize(); i++) {
                Example<Object, Object> e = examples.get(rng.nextInt(examples.size()));
                x.add(e.x());
                y.add(e.y());
            }
            Gradients.zero(m.params());
            m.trainBatch(x, y, null);
            Trainer.update(m.params(), training, training.learningRate(), optimizer);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }
}
