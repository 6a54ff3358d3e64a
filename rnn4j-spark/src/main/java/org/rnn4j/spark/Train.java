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
import org.rnn4j.options.ArchitectureOptions;
import org.rnn4j.options.Bounds;
import org.rnn4j.options.TrainingOptions;
import org.rnn4j.options.VocabularyOptions;
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
import picocli.CommandLine.Mixin;
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
    @Mixin VocabularyOptions vocabulary;
    @Mixin ArchitectureOptions architecture;
    @Mixin TrainingOptions training;
    @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the training data (0: Spark's default parallelism).") int partitions;
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The driver's checkpoint (a local file); an existing one is resumed.") Path checkpoint;
    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps (0: all epochs).") long maxSteps;
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
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("rnn4j: " + e.getMessage() + "; see --help");
            return 2;
        });
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
        vocabulary.check();
        ModelOptions shape = architecture.toModelOptions(task, 3, List.of());
        Training settings = training.toTraining(0, Monitor.TRAIN_LOSS, Training.IN_MEMORY);
        Bounds.between("--partitions", partitions, 0, 1 << 20);
        Bounds.between("--max-steps", maxSteps, 0, Long.MAX_VALUE);
        SparkSession spark = SparkSession.builder().appName("rnn4j train").getOrCreate();
        Path out = Files.createTempFile("rnn4j-model-", ".safetensors");
        try {
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(train), target = new org.apache.hadoop.fs.Path(model);
            TrainingData data = TrainingData.file(spark, train);
            JavaRDD<String> lines = partitions > 0 ? data.lines().repartition(partitions) : data.lines();
            @SuppressWarnings("unchecked")
            Task<Object, Object, Model<Object, Object>> t = (Task<Object, Object, Model<Object, Object>>) (prepared != null ? prepared : SparkPreparation.prepare(lines, task,
                    new DataOptions(data.format(), vocabulary.tokens, vocabulary.targetTokens, vocabulary.minCount, vocabulary.maxVocab, vocabulary.maxLength,
                            null, 20, 1, null, true, 64)));
            Model<Object, Object> m = t.build(shape, Compute.auto(), new SplittableRandom(training.seed));
            SparkTrainer.Result r = SparkTrainer.fit(lines, t, m, new SparkTrainer.Settings(settings, training.seed, maxSteps, checkpoint, Map.of("args", args)),
                    (epoch, step, loss) -> System.out.printf("epoch %d  step %d  loss %.4f%n", epoch, step, loss));
            m.save(out, Map.of("task", Tasks.toJson(t), "seed", Long.toString(training.seed), "data", source.getName(), "epoch", Integer.toString(settings.epochs()),
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
