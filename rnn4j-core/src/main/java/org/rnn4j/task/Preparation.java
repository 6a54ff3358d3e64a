package org.rnn4j.task;

import java.io.Serializable;
import java.nio.file.Path;
import org.rnn4j.data.DataException;

/**
 * What a task learns from its training records before a model is built (vocabularies, class names, tag sets,
 * scaling), gathered in one pass that may be split: records added to several preparations, merged in any order,
 * give the task that one pass over all of them gives. One machine reads its file through {@link #over}; a cluster
 * prepares each partition where it lies and merges the partial results ({@code rnn4j-spark}). Serializable for that.
 * {@link Tasks#preparation} makes an empty one by task name.
 */
public interface Preparation extends Serializable {

    /** How the training data's lines become records. */
    Source source();

    void add(Record r);

    /** Adds what {@code other}, a preparation of the same task with the same options, has gathered. */
    void merge(Preparation other);

    /**
     * The task, from what was gathered.
     *
     * @throws IllegalArgumentException when the records cannot make one (a single class, no text)
     */
    Task<?, ?, ?> result();

    /** The task from one pass over {@code file}; an error about the data as a whole names the file. */
    default Task<?, ?, ?> over(Path file) {
        source().forEach(file, this::add);
        try {
            return result();
        } catch (DataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
