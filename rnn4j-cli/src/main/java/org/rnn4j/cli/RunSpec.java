package org.rnn4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.rnn4j.io.RunFolder;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Training;

/**
 * Everything {@code rnn4j train} was asked to do, saved in each checkpoint so {@code --resume} needs nothing else:
 * the task, the files, how data are read, the architecture, how to train, the seed, pretrained vectors, threads, and
 * the run folder ({@code runDir}, null for the default beside the model: see {@link RunFolder}).
 */
record RunSpec(String task, String train, String valid, double validSplit, String model, DataOptions data, ModelOptions architecture,
               Training training, long seed, String pretrained, boolean freezeEmbeddings, int threads, String runDir) {
    /** Reads back what it writes, including the Infinity of a best loss not yet set. */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * The run with its monitor settled: {@code monitor} when there are validation data, else the training loss
     * (said on standard output when the user asked for a validation score).
     */
    RunSpec withMonitor(Monitor monitor, boolean validation) {
        Monitor m = monitor;
        if (!validation && monitor.validation()) {
            System.out.printf("no validation data: the best epoch is chosen by the training loss, not %s%n", monitor);
            m = Monitor.TRAIN_LOSS;
        }
        Training t = training;
        return new RunSpec(task, train, valid, validSplit, model, data, architecture, new Training(t.epochs(), t.batchSize(), t.optimizer(), t.learningRate(),
                t.lrDecay(), t.clipNorm(), t.weightDecay(), t.patience(), m, t.checkpointEvery(), t.inMemory()), seed, pretrained, freezeEmbeddings, threads, runDir);
    }

    /** The same run writing {@code model} and its run folder {@code runDir} (null: the default beside it) instead. */
    RunSpec withModel(String model, String runDir) {
        return new RunSpec(task, train, valid, validSplit, model, data, architecture, training, seed, pretrained, freezeEmbeddings, threads, runDir);
    }

    /** This run's folder. */
    RunFolder folder() {
        return RunFolder.of(Path.of(model), runDir == null ? null : Path.of(runDir));
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunSpec fromJson(String json) {
        try {
            return JSON.readValue(json, RunSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the checkpoint's run settings cannot be read: " + e.getOriginalMessage());
        }
    }
}
