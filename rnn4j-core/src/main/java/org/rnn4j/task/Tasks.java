package org.rnn4j.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.Model;

/** The tasks by name, built from a training file, and their JSON form in a model file. */
public final class Tasks {
    public static final List<String> NAMES = List.of("classify", "regress", "tag", "lm", "seq2seq", "caption", "qa");

    /**
     * Whether a task's recurrent layer reads both ways unless told otherwise: a tagger's tag for a word depends on the
     * words after it too; the command line and Spark both take their default from here.
     */
    public static boolean bidirectionalByDefault(String task) {
        return task.equals("tag");
    }
    private static final ObjectMapper JSON = org.rnn4j.parse.StrictJson.MAPPER;

    private Tasks() {}

    /**
     * Reads {@code train} once to learn what the task needs (vocabularies, labels, scaling); twice for the TF-IDF
     * baseline, whose weights need the vocabulary.
     *
     * @param name one of {@link #NAMES}
     */
    public static Task<?, ?, ?> prepare(String name, Path train, DataOptions options) {
        return switch (name) {
            case "classify" -> ClassifyTask.prepare(train, options);
            case "qa" -> ClassifyTask.prepareQuestions(train, options);
            case "caption" -> CaptionTask.prepare(train, options);
            default -> preparation(name, options).over(train);
        };
    }

    /**
     * An empty {@link Preparation} of the task: records added to it, in one pass or in parts merged, make the task
     * {@link #prepare} makes from a file of those records. Not for caption, whose records name image files relative
     * to their own file, nor for the TF-IDF baseline.
     *
     * @param name one of {@link #NAMES}
     */
    public static Preparation preparation(String name, DataOptions options) {
        return switch (name) {
            case "classify" -> ClassifyTask.fit(options);
            case "qa" -> ClassifyTask.fitQuestions(options);
            case "regress" -> RegressTask.fit(options);
            case "tag" -> TagTask.fit(options);
            case "lm" -> LanguageModelTask.fit(options);
            case "seq2seq" -> Seq2SeqTask.fit(options);
            case "caption" -> throw new IllegalArgumentException("caption is prepared from its file, whose lines name image files relative to it");
            default -> throw new IllegalArgumentException("unknown task \"" + name + "\"; expected one of " + NAMES);
        };
    }

    public static String toJson(Task<?, ?, ?> task) {
        try {
            return JSON.writerFor(Task.class).writeValueAsString(task);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Task<?, ?, ?> fromJson(String json) {
        try {
            return JSON.readValue(json, Task.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read the model's task description (a file of another rnn4j version? train the model again with this one): " + e.getOriginalMessage());
        }
    }

    /**
     * Refuses a model file whose task and model disagree: {@code what} is {@code inTask} in the task's description
     * and {@code inModel} in the model's config (a damaged or hand-edited file).
     */
    static void agree(String what, long inTask, long inModel) {
        if (inTask != inModel) throw new IllegalArgumentException("is inconsistent: its task has " + inTask + " " + what + ", its model " + inModel);
    }

    /** Refuses a model whose input layer does not read what the task's encoder writes. */
    static void reads(Encoder encoder, InputSpec spec) {
        if (!encoder.fits(spec)) throw new IllegalArgumentException("is inconsistent: its model's input " + spec + " does not read the task's " + encoder.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + (encoder.vocabulary() != null ? " (" + encoder.vocabulary().size() + " tokens)" : ""));
    }

    /** {@code loaded} as a {@code kind}, or an error saying the file holds a model of another kind than the task needs. */
    static <M> M as(Model<?, ?> loaded, Class<M> kind, String task) {
        if (!kind.isInstance(loaded)) {
            throw new IllegalArgumentException("holds a " + loaded.getClass().getSimpleName() + " model; its task, " + task + ", needs a " + kind.getSimpleName());
        }
        return kind.cast(loaded);
    }
}
