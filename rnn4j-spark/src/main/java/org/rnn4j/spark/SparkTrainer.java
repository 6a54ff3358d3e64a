package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.rnn4j.model.Model;
import org.rnn4j.nn.Param;
import org.rnn4j.optim.Gradients;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskModel;
import org.rnn4j.task.Tasks;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.train.Example;
import org.rnn4j.train.Steps;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * Synchronous data-parallel training on Spark. The examples stay in the executors' memory, read from each partition's
 * lines by the task's own readers. Every step:
 * <ol>
 *   <li>the driver broadcasts the weights;</li>
 *   <li>each partition computes the gradients of its share of the global batch ({@link Shares}) on a replica of the
 *       model holding those weights, weighted by its loss terms ({@link Model#lossTerms});</li>
 *   <li>the gradients are summed by tree aggregation (in double) to the driver, which divides by the batch's terms.</li>
 * </ol>
 * That is all Spark does: each step is a {@link Steps.Step} of the one training loop ({@link Trainer}), which
 * clips, decays, updates, schedules the learning rate and checkpoints as on one machine.
 * The driver's model is the trained model; without dropout it equals training one machine on the same global
 * batches, to float rounding. A task that fails is retried by Spark and computes the same shard again.
 */
public final class SparkTrainer {
    private SparkTrainer() {}

    /**
     * @param training   epochs, global batch size ({@code batchSize}), optimizer, learning rate and decay, clipping,
     *                   weight decay, and {@code checkpointEvery} (steps; 0: at epoch ends only)
     * @param seed       orders each partition's examples every epoch, and drives dropout
     * @param maxSteps   stop after this many steps in all (0: all epochs)
     * @param checkpoint the driver's checkpoint file (rnn4j's checkpoint format: weights, optimizer state, where the
     *                   run stands), or null for none; a run resumes from it when it exists
     * @param metadata   more entries for the checkpoint (the command's options, so that a resumed run takes them)
     */
    public record Settings(Training training, long seed, long maxSteps, Path checkpoint, Map<String, String> metadata) {
        public Settings(Training training, long seed, long maxSteps, Path checkpoint) {
            this(training, seed, maxSteps, checkpoint, Map.of());
        }
    }

    /** Receives every step's mean loss, on the driver. */
    public interface Listener {
        void step(int epoch, long step, double loss);
    }

    /**
     * @param losses the mean training loss of every step this call took
     * @param steps  steps taken in all, those of a resumed run's earlier calls included
     */
    public record Result(List<Double> losses, long steps) {}

    /** Trains without checkpoints or progress: {@link #fit(JavaRDD, Task, Model, Settings, Listener)}. */
    public static <X, Y> Result fit(JavaRDD<String> lines, Task<X, Y, ? extends Model<X, Y>> task, Model<X, Y> model, Training training, long seed, long maxSteps) {
        return fit(lines, task, model, new Settings(training, seed, maxSteps, null), (epoch, step, loss) -> { });
    }

    /**
     * @param lines    the training file's lines, in partitions (TSV, text or JSON Lines, as {@code rnn4j train} reads them)
     * @param task     the task (vocabularies and labels), from {@link SparkPreparation} or {@link org.rnn4j.task.Tasks#prepare}
     * @param model    the model to train, built by the task; updated in place
     */
    public static <X, Y> Result fit(JavaRDD<String> lines, Task<X, Y, ? extends Model<X, Y>> task, Model<X, Y> model, Settings settings, Listener listener) {
        Training training = settings.training();
        long seed = settings.seed(), maxSteps = settings.maxSteps();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(lines.context());
        Broadcast<byte[]> file = sc.broadcast(bytes(model, task));
        JavaRDD<List<Example<Object, Object>>> parts = lines.mapPartitions((Iterator<String> it) -> {
            TaskModel<Object, Object, Model<Object, Object>> replica = Replicas.borrow(file);
            try {
                return Collections.singletonList(Partitions.examples(replica.task(), TaskContext.getPartitionId(), it)).iterator();
            } finally {
                Replicas.release(file, replica);
            }
        }).persist(StorageLevel.MEMORY_ONLY());
        try {
            long total = parts.map(List::size).reduce(Integer::sum);
            if (total == 0) throw new IllegalArgumentException("nothing to train on: the partitions hold no examples");
            int steps = Shares.stepsPerEpoch(total, training.batchSize());
            List<Param> params = model.params();
            Trainer<X, Y> trainer = new Trainer<>(model, params, training, seed);
            Trainer.State from = resume(settings.checkpoint(), params, trainer.optimizer());
            if (maxSteps > 0 && from.step() >= maxSteps) return new Result(List.of(), from.step());
            List<Double> losses = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Trainer.Listener progress = new Trainer.Listener() {
                @Override
                public void step(int epoch, int batch, long step, double loss, long examples) {
                    losses.add(loss);
                    listener.step(epoch, step, loss);
                    if (step == maxSteps) stop.set(true);          // checkpointed where it stands, as an interrupted run
                }
            };
            Trainer.Saver saver = new Trainer.Saver() {
                @Override public void checkpoint(Trainer.State state) { SparkTrainer.checkpoint(settings, params, trainer.optimizer(), task, state); }

                @Override public void best(Trainer.State state) {}
            };
            Steps cluster = epoch -> IntStream.range(0, steps).<Steps.Step>mapToObj(s -> new Steps.Step() {
                @Override
                public double gradients(java.util.random.RandomGenerator dropout) {
                    double[] sum = SparkTrainer.gradients(sc, parts, file, params, steps, seed, epoch, s, dropout.nextLong());
                    double terms = sum[sum.length - 1];
                    int off = 0;
                    for (Param p : params) {
                        float[] g = p.grad().data();
                        for (int j = 0; j < g.length; j++) g[j] = (float) (sum[off + j] / terms);
                        off += g.length;
                    }
                    return sum[sum.length - 2] / terms;
                }

                @Override public int examples() { return training.batchSize(); }

                @Override public String where() { return "batch " + (s + 1) + " of " + steps + " of the epoch"; }
            }).iterator();
            Trainer.Result r = trainer.run(cluster, null, from, saver, progress, stop);
            return new Result(List.copyOf(losses), r.state().step());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            parts.unpersist(false);
            file.destroy();
        }
    }

    /**
     * One step's gradients summed over the partitions, each times its loss terms, then the loss sum and the terms.
     *
     * @param dropout each partition's dropout masks are drawn from it and the partition's index
     */
    private static double[] gradients(JavaSparkContext sc, JavaRDD<List<Example<Object, Object>>> parts, Broadcast<byte[]> file, List<Param> params,
                                      int steps, long seed, int epoch, int s, long dropout) {
        float[][] values = new float[params.size()][];
        int size = 2;
        for (int i = 0; i < values.length; i++) {
            values[i] = params.get(i).value().data();
            size += values[i].length;
        }
        Broadcast<float[][]> weights = sc.broadcast(values);
        int width = size;
        try {
            return parts.mapPartitionsWithIndex((Integer partition, Iterator<List<Example<Object, Object>>> it) -> {
                List<Example<Object, Object>> examples = it.hasNext() ? it.next() : List.of();
                if (it.hasNext()) throw new IllegalStateException("a partition holds one list of examples");     // and its cached block is released
                double[] out = new double[width];
                int[] share = Shares.of(examples.size(), steps, seed, epoch, partition, s);
                if (share.length == 0) return Collections.singletonList(out).iterator();
                TaskModel<Object, Object, Model<Object, Object>> replica = Replicas.borrow(file);
                try {
                    List<Param> ps = replica.model().params();
                    float[][] w = weights.value();
                    for (int i = 0; i < ps.size(); i++) {
                        System.arraycopy(w[i], 0, ps.get(i).value().data(), 0, w[i].length);
                        ps.get(i).value().changed();
                    }
                    List<Object> x = new ArrayList<>(share.length), y = new ArrayList<>(share.length);
                    for (int k : share) {
                        x.add(examples.get(k).x());
                        y.add(examples.get(k).y());
                    }
                    Gradients.zero(ps);
                    double loss = replica.model().trainBatch(x, y, new SplittableRandom(dropout ^ partition * 0x9E3779B97F4A7C15L));
                    long terms = replica.model().lossTerms(y);
                    int off = 0;
                    for (Param p : ps) {
                        float[] g = p.grad().data();
                        for (int j = 0; j < g.length; j++) out[off + j] = (double) g[j] * terms;
                        off += g.length;
                    }
                    out[width - 2] = loss * terms;
                    out[width - 1] = terms;
                } finally {
                    Replicas.release(file, replica);
                }
                return Collections.singletonList(out).iterator();
            }, false).treeAggregate(new double[0], SparkTrainer::add, SparkTrainer::add, 2);       // an empty zero: the closure stays small
        } finally {
            weights.destroy();
        }
    }

    /** Where a run starts: the checkpoint's state with its weights and optimizer state restored, or the beginning. */
    private static Trainer.State resume(Path checkpoint, List<Param> params, Optimizer optimizer) {
        if (checkpoint == null || !Files.exists(checkpoint)) return Trainer.State.start();
        try {
            Trainer.State state = Checkpoint.state(checkpoint, Checkpoint.metadata(checkpoint));
            Checkpoint.restore(checkpoint, params, optimizer);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The driver's checkpoint, written to a temporary file and renamed over the last one. */
    private static void checkpoint(Settings settings, List<Param> params, Optimizer optimizer, Task<?, ?, ?> task, Trainer.State state) {
        if (settings.checkpoint() == null) return;
        try {
            Map<String, String> meta = new java.util.LinkedHashMap<>(settings.metadata());
            meta.putAll(Map.of("state", Checkpoint.json(state), "task", Tasks.toJson(task), "trainer", "spark"));
            Checkpoint.write(settings.checkpoint(), params, optimizer, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sums two partial results into the first; an empty array is the zero. */
    private static double[] add(double[] a, double[] b) {
        if (a.length == 0) return b;
        if (b.length == 0) return a;
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }

    /** The model and its task as a model file's bytes, for the executors' replicas. */
    private static byte[] bytes(Model<?, ?> model, Task<?, ?, ?> task) {
        try {
            Path tmp = Files.createTempFile("rnn4j-train-", ".safetensors");
            try {
                model.save(tmp, Map.of("task", Tasks.toJson(task)));
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
