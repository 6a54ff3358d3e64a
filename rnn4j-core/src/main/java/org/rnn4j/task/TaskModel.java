package org.rnn4j.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.model.Model;
import org.rnn4j.model.Models;
import org.rnn4j.tensor.Compute;

/** A model file written by {@code rnn4j train}: the model, the task it was trained for, and its metadata. */
public record TaskModel<X, Y, M extends Model<X, Y>>(M model, Task<X, Y, M> task, Map<String, String> metadata) {

    /** Any model file: the task's JSON names its kinds, checked by {@link Task#adopt} against the model the file holds. */
    @SuppressWarnings("unchecked")
    public static TaskModel<Object, Object, Model<Object, Object>> load(Path file, Compute compute) throws IOException {
        if (!Files.exists(file)) throw new IllegalArgumentException(file + ": no such model file");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": not a file");
        if (!Files.isReadable(file)) throw new IllegalArgumentException(file + ": permission denied");
        Models.Loaded loaded = Models.load(file, compute);
        String task = loaded.metadata().get("task");
        if (task == null) throw new ModelFileException(file, "has no task description; it was not written by rnn4j train (use the Java API to run it)");
        try {
            Task<Object, Object, Model<Object, Object>> t = (Task<Object, Object, Model<Object, Object>>) Tasks.fromJson(task);
            return new TaskModel<>(t.adopt(loaded.model()), t, loaded.metadata());
        } catch (ModelFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {                            // the task and the model disagree: say which file
            throw new ModelFileException(file, e.getMessage());
        }
    }
}
