package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Scores;

/**
 * A task of the command line (classify, regress, tag, lm, seq2seq, caption), holding everything learned from the
 * training data that a model needs to read raw input and write readable output: tokenizer, vocabularies, label
 * names, scaling. It is saved as JSON in the model file's metadata, so {@code evaluate} and {@code predict} read
 * new files exactly as training did. {@link Tasks#prepare} builds one from a training file.
 *
 * @param <X> a model input
 * @param <Y> a model target
 * @param <M> the kind of model the task trains and reads ({@link ManyToOne}, {@link org.rnn4j.model.Seq2Seq}, ...)
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "task")
@JsonSubTypes({@JsonSubTypes.Type(value = ClassifyTask.class, name = "classify"), @JsonSubTypes.Type(value = RegressTask.class, name = "regress"),
        @JsonSubTypes.Type(value = TagTask.class, name = "tag"), @JsonSubTypes.Type(value = LanguageModelTask.class, name = "lm"),
        @JsonSubTypes.Type(value = Seq2SeqTask.class, name = "seq2seq"), @JsonSubTypes.Type(value = CaptionTask.class, name = "caption")})
public interface Task<X, Y, M extends Model<X, Y>> {

    /** How the task's files and input lines are read: format, columns, window. */
    Source source();

    /** Reads labelled examples from a file in the task's training format, streaming. */
    Stream<Example<X, Y>> read(Path file);

    /** A new model for this task. */
    M build(ModelOptions options, Compute compute, RandomGenerator rng);

    /**
     * The model as this task uses it, from the model a file holds (a baseline wraps its dense network); a model of
     * another kind is refused (see {@link Tasks#as}).
     */
    M adopt(Model<?, ?> loaded);

    /** The task's metrics on labelled examples (accuracy and F1, perplexity and bpc, BLEU, MAE and RMSE, ...). */
    Scores evaluate(M model, Stream<Example<X, Y>> data);

    /** The validation score that chooses the best epoch unless {@code --monitor} says otherwise. */
    default Monitor monitor() {
        return Monitor.VAL_LOSS;
    }

    /**
     * The prediction for one line of unlabelled input (text, or a JSON object with "x"), as a JSON object.
     *
     * @param where file and line of the input, for error messages
     */
    ObjectNode predict(M model, String input, Path file, long line);

    /** What the model does for its user: the demo's tab and the way a request sends it input. */
    Application application();

    /** Whether a request sends the model an image file (a captioner of pictures) rather than JSON. */
    default boolean readsImages() { return false; }

    /** How the input is turned into a sequence (tokens or vectors), or null for a task whose input is not one (caption). */
    default Encoder encoder() { return null; }

    /** The vocabulary of the input tokens (for pretrained word vectors), or null when the input is vectors. */
    default org.rnn4j.data.Vocabulary inputVocabulary() { return null; }

    /**
     * What the model reads, for a client (the server's model list): {@code type} (tokens or numbers; a captioner:
     * image or vector) and the {@code vocabulary} size, or the {@code width} of a step or vector of numbers.
     */
    default void describeInput(ObjectNode input) {
        input.put("type", inputVocabulary() == null ? "numbers" : "tokens");
        if (encoder() instanceof Encoder.Features f) input.put("width", f.features());
        if (inputVocabulary() != null) input.put("vocabulary", inputVocabulary().size());
    }

    /**
     * What the model writes, for a client: the class names ({@code labels}), the tags ({@code tags}), the size of
     * the vocabulary it writes ({@code vocabulary}) or how many numbers ({@code values}).
     */
    void describeOutput(ObjectNode output);

    /** The prediction as one line of text. */
    default String predictText(M model, String input, Path file, long line) {
        return line(predict(model, input, file, line).get("prediction"));
    }

    /** A prediction as {@code rnn4j predict} prints it: a value as it is, several (a multi-step forecast) comma-separated. */
    static String line(com.fasterxml.jackson.databind.JsonNode prediction) {
        if (!prediction.isArray()) return prediction.asText();
        StringBuilder text = new StringBuilder();
        prediction.forEach(v -> text.append(text.isEmpty() ? "" : ",").append(v.asText()));
        return text.toString();
    }
}
