package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rnn4j.data.WordVectors;
import org.rnn4j.io.AtomicFile;
import org.rnn4j.io.RunFolder;
import org.rnn4j.model.Model;
import org.rnn4j.model.Models;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.options.ArchitectureOptions;
import org.rnn4j.options.Bounds;
import org.rnn4j.options.TrainingOptions;
import org.rnn4j.options.VocabularyOptions;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Checkpoint;
import org.rnn4j.train.EpochOrder;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Scores;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j train}: from a data file to a model file, with validation, early stopping, checkpoints, resume,
 * Ctrl-C handling and a report. Every choice has a default that suits the task.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, description = "Train a model on a data file.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--task", description = "classify, regress, tag, lm, seq2seq, caption or qa.") String task;
    @Option(names = "--train", paramLabel = "FILE", description = "Training data (.txt, .tsv, .conll, .jsonl, .csv).") Path train;
    @Option(names = "--valid", paramLabel = "FILE", description = "Validation data, scored after every epoch.") Path valid;
    @Option(names = "--valid-split", defaultValue = "0.1", description = "Without --valid: every n-th training example, n = 1/this, is held out (0: none; default ${DEFAULT-VALUE}).") double validSplit;
    @Option(names = "--model", paramLabel = "OUT", description = "The model file to write (safetensors).") Path model;
    @Option(names = "--format", description = "TXT, TSV, CONLL, JSONL or CSV; default: from the extension.") Format format;
    @Mixin VocabularyOptions vocabulary;
    @Option(names = "--column", description = "CSV: the series' column, by header name or 0-based index.") String column;
    @Option(names = "--window", defaultValue = "20", description = "CSV: values in (default ${DEFAULT-VALUE}).") int window;
    @Option(names = "--horizon", defaultValue = "1", description = "CSV: values out (default ${DEFAULT-VALUE}).") int horizon;
    @Option(names = "--no-standardize", description = "Keep numeric inputs (.jsonl vectors, a .csv series) as they are; by default each feature is standardised with the training data's mean and deviation, stored in the model.") boolean noStandardize;
    @Mixin ArchitectureOptions architecture;
    @Option(names = "--image-size", defaultValue = "64", description = "caption on image files: every image is resized to this many pixels a side (default ${DEFAULT-VALUE}).") int imageSize;
    @Option(names = "--filters", split = ",", defaultValue = "16,32,32", description = "caption on image files: the output channels of each convolution block (conv, ReLU, 2×2 max pool; default ${DEFAULT-VALUE}).") List<Integer> filters;
    @Option(names = "--kernel", defaultValue = "3", description = "caption on image files: the convolutions' size, odd (default ${DEFAULT-VALUE}).") int kernel;
    @Option(names = "--baseline", description = "classify on text: instead of the RNN, the one-to-one baseline on order-free vectors: COUNTS (bag of words) or TFIDF.")
    org.rnn4j.task.BagOfWordsModel.Weighting baseline;
    @Option(names = "--pretrained", paramLabel = "FILE", description = "Word vectors in word2vec/GloVe text format for the input embedding.") Path pretrained;
    @Option(names = "--freeze-embeddings", description = "With --pretrained: keep the embedding fixed.") boolean freeze;
    @Mixin TrainingOptions training;
    @Option(names = "--monitor", description = "The score that chooses the best epoch and stops early: val_loss, val_accuracy, val_macro_f1, val_bpc, val_perplexity, val_mae, val_rmse, val_token_error_rate, val_exact_match, val_bleu, val_sacrebleu, val_chrf or loss (default: the task's main score). A tie on a validation score is broken by the validation loss.") String monitor;
    @Option(names = "--patience", defaultValue = "10", description = "Stop after this many epochs without a better monitored score (0: never; default ${DEFAULT-VALUE}).") int patience;
    @Option(names = "--in-memory", defaultValue = "1000000", description = "Training examples held in memory (default ${DEFAULT-VALUE}); a larger file is shuffled as a whole by one pass per window of this many.") int inMemory;
    @Option(names = "--threads", defaultValue = "0", description = "Compute threads (0: all cores).") int threads;
    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue a run from its checkpoint (NAME.run/checkpoint.safetensors); other options are taken from it.") Path resume;
    @Option(names = "--allow-changed-data", description = "With --resume: continue even though the training file changed since the checkpoint.") boolean allowChangedData;
    @Option(names = "--run-dir", paramLabel = "DIR", description = "The run's folder: the report and, while training, the checkpoint (default: NAME.run beside NAME.safetensors).") Path runDir;
    @Option(names = "--keep-checkpoint", description = "Keep the checkpoint after a run that ends well (an interrupted or failed run always keeps it).") boolean keepCheckpoint;
    @Option(names = "--no-report", description = "Do not write the training report (NAME.run/report.html and report.json).") boolean noReport;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Spec CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (resume == null && allowChangedData) throw new IllegalArgumentException("--allow-changed-data goes with --resume CHECKPOINT");
        if (resume != null && model == null && runDir != null) throw new IllegalArgumentException("a resumed run keeps its run folder; --run-dir goes with --resume and --model NEW");
        RunSpec spec;
        Task<?, ?, ?> t;
        Trainer.State state;
        String fingerprint;                                                // the training file's, read once
        if (resume != null) {
            Require.readable("--resume", resume);
            Map<String, String> meta = Checkpoint.metadata(resume);
            spec = RunSpec.fromJson(meta.get("run"));
            Path own = spec.folder().checkpoint();
            if (model != null) {
                spec = spec.withModel(model.toString(), runDir == null ? null : runDir.toString());   // continue the run into new files
            } else if (!Require.same(resume, own)) {
                throw new IllegalArgumentException("--resume " + resume + " is a checkpoint of the run writing " + spec.model() + "; resumed here it would overwrite"
                        + " that run's model. Resume " + own + " itself, or give --model NEW to continue into new files");
            }
            Path data = Path.of(spec.train());
            Require.readable("--train", data);
            fingerprint = TrainingData.fingerprint(data);
            if (!fingerprint.equals(meta.get("data")) && !allowChangedData) {
                throw new IllegalArgumentException("the training file changed since the checkpoint (then: " + meta.get("data") + ", now: " + fingerprint
                        + "); resuming on other data is not the same run. Give --allow-changed-data to continue anyway");
            }
            files(Path.of(spec.model()), spec.folder(), data, spec.valid() == null ? null : Path.of(spec.valid()), spec.pretrained() == null ? null : Path.of(spec.pretrained()))
                    .input("--resume", Require.same(resume, spec.folder().checkpoint()) ? null : resume).check();   // the run's own checkpoint is rewritten
            t = Tasks.fromJson(meta.get("task"));
            state = Checkpoint.state(resume, meta);
            System.out.printf("resuming %s at epoch %d, step %d%n", spec.model(), state.epoch(), state.step());
        } else {
            spec = spec();
            fingerprint = TrainingData.fingerprint(Path.of(spec.train()));
            t = Tasks.prepare(spec.task(), Path.of(spec.train()), spec.data());
            state = Trainer.State.start();
        }
        Path modelFile = Path.of(spec.model());
        try (ModelLock lock = ModelLock.acquire(modelFile)) {
            for (Path output : outputs(modelFile, spec.folder())) AtomicFile.removeStale(output);   // left by a killed run
            return run(spec, t, state, fingerprint);
        } finally {
            removeIfEmpty(spec.folder().dir());                             // --no-report, or failed before a checkpoint: no folder
        }
    }

    private static void removeIfEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> left = Files.list(dir)) {
            if (left.findAny().isPresent()) return;
        }
        Files.deleteIfExists(dir);
    }

    /** The files a run writes: the model, its lock (while the run goes on), and the checkpoint and report in the run folder. */
    static List<Path> outputs(Path model, RunFolder folder) {
        List<Path> out = new ArrayList<>(List.of(model, Path.of(model + ".lock")));
        out.addAll(folder.files());
        return out;
    }

    /** This run's inputs and every file it will write, to be checked against each other before any work. */
    private RunFiles files(Path model, RunFolder folder, Path train, Path valid, Path pretrained) {
        RunFiles files = new RunFiles().input("--train", train).input("--valid", valid).input("--pretrained", pretrained);
        String where = runDir != null ? "--run-dir's " : "the run folder's ";
        files.output("--model", model).output("--model's lock", Path.of(model + ".lock")).output(where + "checkpoint", folder.checkpoint());
        if (!noReport) files.output(where + "report", folder.reportHtml()).output(where + "report", folder.reportJson());
        return files;
    }

    private RunSpec spec() {
        if (task == null || train == null || model == null) throw new IllegalArgumentException("train needs --task, --train and --model (or --resume CHECKPOINT)");
        if (!Tasks.NAMES.contains(task)) throw new IllegalArgumentException("unknown --task \"" + task + "\"; expected one of " + Tasks.NAMES);
        Require.readable("--train", train);
        Require.readable("--valid", valid);
        Require.readable("--pretrained", pretrained);
        if (runDir != null && Files.exists(runDir) && !Files.isDirectory(runDir)) throw new IllegalArgumentException(runDir + ": is a file; --run-dir names a folder");
        files(model, RunFolder.of(model, runDir), train, valid, pretrained).check();
        Bounds.between("--patience", patience, 0, 1_000_000);
        Bounds.between("--in-memory", inMemory, training.batch, Integer.MAX_VALUE);
        Bounds.number("--valid-split", validSplit, 0, false, 0.5);
        Require.threads(threads);
        Bounds.between("--window", window, 1, 1 << 20);
        Bounds.between("--horizon", horizon, 1, 1 << 16);
        if (baseline != null && !task.equals("classify")) throw new IllegalArgumentException("--baseline is for --task classify");
        if (freeze && pretrained == null) throw new IllegalArgumentException("--freeze-embeddings needs --pretrained FILE");
        vocabulary.check();
        ModelOptions shape = architecture.toModelOptions(task, kernel, filters);
        Training settings = training.toTraining(patience, monitor == null ? Monitor.VAL_LOSS : Monitor.parse(monitor), inMemory);
        Format f = format != null ? format : Format.of(train);
        onlyFor(task, f);
        if (architecture.dropout > 0 && architecture.layers == 1 && baseline != null) throw new IllegalArgumentException("--dropout applies to the recurrent model, not to --baseline");
        return new RunSpec(task, train.toString(), valid == null ? null : valid.toString(), valid == null ? validSplit : 0, model.toString(),
                new DataOptions(f, vocabulary.tokens, vocabulary.targetTokens, vocabulary.minCount, vocabulary.maxVocab, vocabulary.maxLength, column, window, horizon,
                        baseline, !noStandardize, imageSize),
                shape, settings, training.seed,
                pretrained == null ? null : pretrained.toString(), freeze, threads, runDir == null ? null : runDir.toString());
    }

    /**
     * Refuses an option given for a task or file format it does not apply to, instead of ignoring it: a user who
     * writes {@code --kernel 5} on a classifier believes it changed something.
     */
    private void onlyFor(String task, Format f) {
        boolean series = task.equals("regress") && f == Format.CSV, images = task.equals("caption") && f == Format.TSV;
        boolean pooled = (task.equals("classify") || task.equals("regress") || task.equals("qa")) && baseline == null;
        applies("--column", series, "--task regress on a .csv series");
        applies("--window", series, "--task regress on a .csv series");
        applies("--horizon", series, "--task regress on a .csv series");
        applies("--image-size", images, "--task caption on image files (.tsv)");
        applies("--filters", images, "--task caption on image files (.tsv)");
        applies("--kernel", images, "--task caption on image files (.tsv)");
        applies("--attention", task.equals("seq2seq"), "--task seq2seq");
        applies("--target-tokens", task.equals("seq2seq") || task.equals("caption"), "--task seq2seq and caption");
        applies("--pooling", pooled, "the recurrent models of --task classify, regress and qa");
        applies("--max-length", task.equals("lm"), "--task lm");
        applies("--forget-bias", architecture.cell == CellType.LSTM && baseline == null, "--cell lstm");
    }

    private void applies(String option, boolean applies, String where) {
        if (!applies && command.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new IllegalArgumentException(option + " applies to " + where + " only; this run is --task " + task + " on " + f(train) + ". Leave it out");
        }
    }

    private String f(Path file) {
        return format != null ? "--format " + format : "a ." + Format.of(file).name().toLowerCase(java.util.Locale.ROOT) + " file";
    }

    /** @param fingerprint the training file's, as provenance and checkpoints record it */
    private <X, Y, M extends Model<X, Y>> int run(RunSpec spec, Task<X, Y, M> task, Trainer.State state, String fingerprint) throws Exception {
        Compute compute = new Compute(Compute.bestKernels(), spec.threads() > 0 ? spec.threads() : Runtime.getRuntime().availableProcessors());
        int inputWidth = task.inputVocabulary() != null ? spec.architecture().embedding() : 64;
        MemoryBudget.parameters(spec.architecture(), inputWidth, task.inputVocabulary(), Runtime.getRuntime().maxMemory());   // before building the model
        M m = task.build(spec.architecture(), compute, new SplittableRandom(spec.seed()));
        List<Param> trainable = new ArrayList<>(m.params());
        if (spec.pretrained() != null) {
            Param emb = m.params().stream().filter(p -> p.name().equals("embedding.weight") || p.name().equals("encoder.embedding.weight")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--pretrained needs a task whose input is tokens"));
            WordVectors.Found found = WordVectors.read(Path.of(spec.pretrained()), task.inputVocabulary());
            WordVectors.copyInto(found, emb.value().data(), emb.value().dim(1));
            emb.value().changed();
            System.out.printf("pretrained vectors: %d of %d tokens found in %s%n", found.hits(), task.inputVocabulary().size() - 4, spec.pretrained());
            if (spec.freezeEmbeddings()) trainable.remove(emb);
        }

        RunFolder folder = spec.folder();
        Path modelFile = Path.of(spec.model()), ckpt = folder.checkpoint();
        TrainingData<X, Y> data = TrainingData.of(spec, task);
        Supplier<Stream<Example<X, Y>>> trainData = data.train(), validData = data.valid();
        if (resume == null) spec = spec.withMonitor(monitor != null ? Monitor.parse(monitor) : task.monitor(), validData != null);
        Training training = spec.training();
        if (training.monitor().validation()) requireScore(training.monitor(), task, m, validData);
        EpochOrder<X, Y> order = new EpochOrder<>(trainData, training.batchSize(), training.inMemory());
        MemoryBudget.check(m.params().stream().mapToLong(p -> p.value().size()).sum(), spec.architecture(), inputWidth, training.batchSize(), order.longest(),
                spec.task().equals("seq2seq") && spec.architecture().attention() != null, Runtime.getRuntime().maxMemory());
        Trainer<X, Y> trainer = new Trainer<>(m, trainable, training, spec.seed());
        if (resume != null) Checkpoint.restore(resume, m.params(), trainer.optimizer());

        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("task", Tasks.toJson(task));
        provenance.put("seed", Long.toString(spec.seed()));
        provenance.put("data", fingerprint);
        provenance.put("run", spec.toJson());
        String vocabulary = task.inputVocabulary() == null ? "" : ", " + task.inputVocabulary().size() + " input tokens in the vocabulary";
        System.out.printf("%s: %d training examples%s, %d parameters, %s; best epoch by %s%n", spec.task(), order.size(), vocabulary,
                m.params().stream().mapToLong(p -> p.value().size()).sum(), compute.kernels().name() + " on " + compute.threads() + (compute.threads() == 1 ? " thread" : " threads"), training.monitor());

        RunSpec run = spec;
        Trainer.Saver saver = new Trainer.Saver() {
            @Override
            public void checkpoint(Trainer.State s) throws IOException {
                Map<String, String> meta = new LinkedHashMap<>(provenance);
                meta.put("state", Checkpoint.json(s));
                Files.createDirectories(folder.dir());
                Checkpoint.write(ckpt, m.params(), trainer.optimizer(), meta);
            }

            @Override
            public void best(Trainer.State s) throws IOException {
                Map<String, String> meta = new LinkedHashMap<>(provenance);
                meta.put("epoch", Integer.toString(s.bestEpoch()));
                m.save(modelFile, meta);
            }
        };
        Supplier<Stream<Example<X, Y>>> scored = validData;
        Supplier<Scores> validate = scored == null ? null : () -> {
            try (Stream<Example<X, Y>> v = scored.get()) {
                return task.evaluate(m, v);
            }
        };
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Trainer.Result result;
        try {
            try (Progress progress = new Progress(System.out, System.console() != null, order.size(), training.epochs())) {
                result = trainer.run(order, validate, state, saver, progress, stop);
            }
            if (result.outcome() == Trainer.Outcome.INTERRUPTED) {       // printed before the hook lets the JVM halt
                System.out.printf("interrupted: checkpoint saved to %s; continue with: rnn4j train --resume %s%n", ckpt, ckpt);
                System.out.flush();
                return 130;
            }
        } finally {
            finished.countDown();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        Trainer.State end = result.state();
        String stopped = result.outcome() == Trainer.Outcome.EARLY_STOPPED
                ? String.format("early, after epoch %d: %s did not improve for %d epochs", end.history().size(), training.monitor(), training.patience())
                : String.format("after all %d epochs", training.epochs());
        if (result.outcome() == Trainer.Outcome.EARLY_STOPPED) System.out.printf("early stop: %s did not improve for %d epochs%n", training.monitor(), training.patience());
        Map<String, String> kept = new LinkedHashMap<>(provenance);         // the model file says which epoch it holds and why training ended
        kept.put("epoch", Integer.toString(end.bestEpoch()));
        kept.put("monitor", training.monitor() + (Double.isNaN(end.best()) ? "" : " = " + end.best()));
        kept.put("stopped", stopped);
        if (Files.exists(modelFile)) {
            Models.load(modelFile, compute).model().save(modelFile, kept);
        } else {                                                             // a finished run resumed into new files: its checkpoint's weights
            kept.put("epoch", Integer.toString(end.history().size()));
            m.save(modelFile, kept);
            System.out.printf("the run had ended; %s holds its checkpoint's weights (epoch %d)%n", modelFile, end.history().size());
        }
        if (!keepCheckpoint) Files.deleteIfExists(ckpt);                    // the run ended well: the model is what it was for
        System.out.printf("model: %s (epoch %d, the best by %s%s)%s%n", modelFile, end.bestEpoch(), training.monitor(),
                Double.isNaN(end.best()) ? "" : String.format(" = %.4f", end.best()), keepCheckpoint ? "; checkpoint kept: " + ckpt : "");
        if (!noReport) {
            M bestModel = task.adopt(Models.load(modelFile, compute).model());
            String keptLine = String.format("The model file holds epoch %d, the best by %s%s; training stopped %s.", end.bestEpoch(), training.monitor(),
                    Double.isNaN(end.best()) ? "" : String.format(" = %.4f", end.best()), stopped);
            Path html = Report.write(folder, modelFile, run, keptLine, task, bestModel, end.history(), validData != null ? validData : trainData);
            System.out.println("report: " + html);
        }
        return 0;
    }

    /**
     * Refuses, before the first step, a monitored score the task does not compute: the untrained model is scored on
     * the first validation example, which names every score an epoch will report.
     */
    private static <X, Y, M extends Model<X, Y>> void requireScore(Monitor monitor, Task<X, Y, M> task, M model, Supplier<Stream<Example<X, Y>>> valid) {
        java.util.Set<String> scores;
        try (Stream<Example<X, Y>> first = valid.get().limit(1)) {
            scores = task.evaluate(model, first).scalars().keySet();
        }
        if (!scores.contains(monitor.metric())) {
            throw new IllegalArgumentException("cannot monitor " + monitor + ": this task's validation scores are " + scores.stream().map(k -> "val_" + k).toList()
                    + " (or loss, the training loss)");
        }
    }

}
