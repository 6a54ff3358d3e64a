package org.rnn4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.model.Attention;
import org.rnn4j.model.Model;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.Training;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class org.rnn4j.spark.Train rnn4j-spark.jar --task ... --train FILE --model OUT}: training
 * on a cluster with the options of {@code rnn4j train} that apply, writing a model file that {@code rnn4j evaluate},
 * {@code predict} and {@code serve} read. The task (vocabularies, labels) is prepared on the driver from the
 * training file; the examples are read and trained on in the executors ({@link SparkTrainer}).
 */
@Command(name = "org.rnn4j.spark.Train", mixinStandardHelpOptions = true, description = "Train an rnn4j model on Spark, synchronously data-parallel.")
public final class Train implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "classify, regress, tag, lm, seq2seq or qa (one record per line: TSV, text, JSON Lines).") String task;
    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data on any Hadoop file system.") String train;
    @Option(names = "--model", required = true, paramLabel = "OUT", description = "The model file to write, on any Hadoop file system.") String model;
    @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the training data (0: Spark's default parallelism).") int partitions;
    @Option(names = "--tokens", description = "CHARS, WORDS or SPLIT (default: as rnn4j train).") org.rnn4j.data.Tokenizer tokens;
    @Option(names = "--target-tokens", description = "seq2seq: how the output text is split, if not as --tokens.") org.rnn4j.data.Tokenizer targetTokens;
    @Option(names = "--min-count", defaultValue = "1") int minCount;
    @Option(names = "--max-vocab", defaultValue = "0") int maxVocab;
    @Option(names = "--max-length", defaultValue = "256") int maxLength;
    @Option(names = "--cell", defaultValue = "LSTM", description = "RNN_TANH, RNN_RELU, LSTM or GRU (default ${DEFAULT-VALUE}).") CellType cell;
    @Option(names = "--hidden", defaultValue = "128") int hidden;
    @Option(names = "--layers", defaultValue = "1") int layers;
    @Option(names = "--bidirectional", description = "Read both ways (not for lm).") boolean bidirectional;
    @Option(names = "--embedding", defaultValue = "64") int embedding;
    @Option(names = "--dropout", defaultValue = "0", description = "Dropout between layers; with it, shards draw their own masks.") float dropout;
    @Option(names = "--pooling", defaultValue = "LAST") Pooling pooling;
    @Option(names = "--attention", defaultValue = "GENERAL", description = "seq2seq: DOT, GENERAL, ADDITIVE or NONE.") String attention;
    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--batch", defaultValue = "32", description = "Examples per step over the whole cluster (default ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--optimizer", defaultValue = "ADAM") Training.Method optimizer;
    @Option(names = "--lr", defaultValue = "0.005") double lr;
    @Option(names = "--lr-decay", defaultValue = "1.0") double lrDecay;
    @Option(names = "--clip", defaultValue = "5") double clip;
    @Option(names = "--weight-decay", defaultValue = "0") double weightDecay;
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The driver's checkpoint (a local file); an existing one is resumed.") Path checkpoint;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N steps (default: at epoch ends).") int checkpointEvery;
    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps (0: all epochs).") long maxSteps;
    @Option(names = "--seed", defaultValue = "1") long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Train()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (!Tasks.NAMES.contains(task) || task.equals("caption")) throw new IllegalArgumentException("--task must be one of classify, regress, tag, lm, seq2seq, qa; got " + task);
        SparkSession spark = SparkSession.builder().appName("rnn4j train").getOrCreate();
        Path local = Files.createTempFile("rnn4j-train-", "." + extension(train));
        Path out = Files.createTempFile("rnn4j-model-", ".safetensors");
        try {
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(train), target = new org.apache.hadoop.fs.Path(model);
            FileSystem in = source.getFileSystem(spark.sparkContext().hadoopConfiguration());
            in.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
            @SuppressWarnings("unchecked")
            Task<Object, Object, Model<Object, Object>> t = (Task<Object, Object, Model<Object, Object>>) Tasks.prepare(task, local,
                    new DataOptions(Format.of(local), tokens, targetTokens, minCount, maxVocab, maxLength, null, 20, 1, null, true, 64));
            Model<Object, Object> m = t.build(new ModelOptions(cell, hidden, layers, bidirectional, embedding, dropout,
                    attention.equalsIgnoreCase("none") ? null : Attention.Score.valueOf(attention.toUpperCase(java.util.Locale.ROOT)), pooling, 3, List.of()),
                    Compute.auto(), new SplittableRandom(seed));
            JavaRDD<String> lines = spark.read().textFile(train).javaRDD();
            if (partitions > 0) lines = lines.repartition(partitions);
            Training training = new Training(epochs, batch, optimizer, lr, lrDecay, clip, weightDecay, 0, Monitor.TRAIN_LOSS, checkpointEvery, Training.IN_MEMORY);
            SparkTrainer.Result r = SparkTrainer.fit(lines, t, m, new SparkTrainer.Settings(training, seed, maxSteps, checkpoint),
                    (epoch, step, loss) -> System.out.printf("epoch %d  step %d  loss %.4f%n", epoch, step, loss));
            m.save(out, Map.of("task", Tasks.toJson(t), "seed", Long.toString(seed), "data", source.getName(), "epoch", Integer.toString(epochs),
                    "stopped", "after " + r.steps() + " steps on Spark"));
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp");
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(out.toUri()), partial);
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(partial, target)) throw new IOException("could not rename " + partial + " to " + target);
            System.out.println("rnn4j: wrote " + target + " after " + r.steps() + " steps");
            return 0;
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(out);
            spark.stop();
        }
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "txt" : file.substring(dot + 1);
    }
}
