package org.rnn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.model.Model;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code spark-submit --class org.rnn4j.spark.Train rnn4j-spark.jar --task ... --train FILE --model OUT}: training
 * on a cluster with the options of {@code rnn4j train} that apply, writing a model file that {@code rnn4j evaluate},
 * {@code predict} and {@code serve} read. The task (vocabularies, labels) is prepared in one distributed pass
 * ({@link SparkPreparation}); the examples are read and trained on in the executors ({@link SparkTrainer}).
 * {@code --resume CHECKPOINT} continues a run with the options and the task saved in its checkpoint.
 */
@Command(name = "org.rnn4j.spark.Train", mixinStandardHelpOptions = true, description = "Train an rnn4j model on Spark, synchronously data-parallel.")
public final class Train implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    @Option(names = "--task", description = "classify, regress, tag, lm, seq2seq or qa (one record per line: TSV, text, JSON Lines).") String task;
    @Option(names = "--train", paramLabel = "FILE", description = "Training data on any Hadoop file system.") String train;
    @Option(names = "--model", paramLabel = "OUT", description = "The model file to write, on any Hadoop file system.") String model;
    @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the training data (0: Spark's default parallelism).") int partitions;
    @Option(names = "--tokens", description = "CHARS, WORDS or SPLIT (default: as rnn4j train).") org.rnn4j.data.Tokenizer tokens;
    @Option(names = "--target-tokens", description = "seq2seq: how the output text is split, if not as --tokens.") org.rnn4j.data.Tokenizer targetTokens;
    @Option(names = "--min-count", defaultValue = "1") int minCount;
    @Option(names = "--max-vocab", defaultValue = "0") int maxVocab;
    @Option(names = "--max-length", defaultValue = "256") int maxLength;
    @Option(names = "--cell", defaultValue = "LSTM", description = "The recurrent cell: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).") CellType cell;
    @Option(names = "--hidden", defaultValue = "128") int hidden;
    @Option(names = "--layers", defaultValue = "1") int layers;
    @Option(names = "--bidirectional", negatable = true, description = "Read both ways (default: on for tag, off otherwise; never for lm).") Boolean bidirectional;
    @Option(names = "--embedding", defaultValue = "64") int embedding;
    @Option(names = "--dropout", defaultValue = "0", description = "Dropout between layers; with it, shards draw their own masks.") float dropout;
    @Option(names = "--pooling", defaultValue = "LAST") Pooling pooling;
    @Option(names = "--forget-bias", paramLabel = "B", description = "LSTM: the forget gate's biases start at B (Keras: 1); default: drawn as PyTorch draws them.") Float forgetBias;
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
    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue a run from its --checkpoint, with the options and the task saved in it; options given beside it replace the saved ones (--model, --epochs, --max-steps).") Path resume;
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(command().execute(args));
    }

    /**
     * The command line: a data error (on the driver or in an executor), a missing file or a bad option is one line
     * "rnn4j: ..." and exit code 2.
     */
    static CommandLine command() {
        CommandLine cli = new CommandLine(new Train()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException || c instanceof AnalysisException) {
                    line.getErr().println("rnn4j: " + c.getMessage());
                    return 2;
                }
            }
            throw e;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        if (resume != null) {
            if (!Files.isRegularFile(resume)) throw new IllegalArgumentException("--resume " + resume + ": no such checkpoint");
            Map<String, String> meta = Checkpoint.metadata(resume);
            if (!"spark".equals(meta.get("trainer")) || meta.get("args") == null) {
                throw new IllegalArgumentException("--resume " + resume + " is not a checkpoint of rnn4j's Spark trainer" + (meta.get("run") != null ? "; resume it with rnn4j train --resume" : ""));
            }
            List<String> args = new ArrayList<>(List.of(JSON.readValue(meta.get("args"), String[].class)));
            List<String> now = spec.commandLine().getParseResult().originalArgs();
            for (int i = 0; i < now.size(); i++) {                                    // given now, they replace the saved ones
                if (now.get(i).equals("--resume")) i++;
                else if (!now.get(i).startsWith("--resume=")) args.add(now.get(i));
            }
            Train run = new Train();
            new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(String[]::new));
            run.checkpoint = resume;
            run.resume = null;
            Trainer.State state = Checkpoint.state(resume, meta);
            System.out.printf("resuming %s at epoch %d, step %d%n", run.model, state.epoch(), state.step());
            return run.train(Tasks.fromJson(meta.get("task")), JSON.writeValueAsString(args));
        }
        if (task == null || train == null || model == null) throw new IllegalArgumentException("train needs --task, --train and --model (or --resume CHECKPOINT)");
        if (!Tasks.NAMES.contains(task) || task.equals("caption")) throw new IllegalArgumentException("--task must be one of classify, regress, tag, lm, seq2seq, qa; got " + task);
        return train(null, JSON.writeValueAsString(spec.commandLine().getParseResult().originalArgs()));
    }

    /**
     * @param prepared the task of a resumed run, or null to prepare it from the training data
     * @param args     this run's options, saved in its checkpoints
     */
    private int train(Task<?, ?, ?> prepared, String args) throws IOException {
        SparkSession spark = SparkSession.builder().appName("rnn4j train").getOrCreate();
        Path out = Files.createTempFile("rnn4j-model-", ".safetensors");
        try {
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(train), target = new org.apache.hadoop.fs.Path(model);
            TrainingData data = TrainingData.file(spark, train);
            JavaRDD<String> lines = partitions > 0 ? data.lines().repartition(partitions) : data.lines();
            @SuppressWarnings("unchecked")
            Task<Object, Object, Model<Object, Object>> t = (Task<Object, Object, Model<Object, Object>>) (prepared != null ? prepared : SparkPreparation.prepare(lines, task,
                    new DataOptions(data.format(), tokens, targetTokens, minCount, maxVocab, maxLength, null, 20, 1, null, true, 64)));
            boolean bidir = bidirectional != null ? bidirectional : Tasks.bidirectionalByDefault(task);
            Model<Object, Object> m = t.build(new ModelOptions(cell, hidden, layers, bidir, embedding, dropout,
                    attention.equalsIgnoreCase("none") ? null : Attention.Score.valueOf(attention.toUpperCase(java.util.Locale.ROOT)), pooling, 3, List.of(), forgetBias),
                    Compute.auto(), new SplittableRandom(seed));
            Training training = new Training(epochs, batch, optimizer, lr, lrDecay, clip, weightDecay, 0, Monitor.TRAIN_LOSS, checkpointEvery, Training.IN_MEMORY);
            SparkTrainer.Result r = SparkTrainer.fit(lines, t, m, new SparkTrainer.Settings(training, seed, maxSteps, checkpoint, Map.of("args", args)),
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
            Files.deleteIfExists(out);
            spark.stop();
        }
    }
}
