package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.model.Model;
import org.rnn4j.model.Models;
import org.rnn4j.task.TaskModel;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Precision;

/** The commands' way to open a model file: their options checked, then {@link TaskModel#load}. */
final class ModelFiles {
    private ModelFiles() {}

    static TaskModel<Object, Object, Model<Object, Object>> load(Path file, int threads) throws IOException {
        return load(file, threads, Precision.FLOAT32);
    }

    /** Opens a model file and stores its weights in {@code precision} (a file already in a low precision keeps its own). */
    static TaskModel<Object, Object, Model<Object, Object>> load(Path file, int threads, Precision precision) throws IOException {
        if (!java.nio.file.Files.exists(file)) throw new IllegalArgumentException(file + ": no such model file");
        Require.readable("--model", file);
        Require.threads(threads);
        TaskModel<Object, Object, Model<Object, Object>> tm = TaskModel.load(file, new Compute(Compute.bestKernels(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors()));
        Models.quantize(tm.model(), precision);
        return tm;
    }
}
