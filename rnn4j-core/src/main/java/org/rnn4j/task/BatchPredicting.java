package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A task whose model predicts a batch of inputs at once, each exactly as it would alone (padding changes nothing):
 * every line is read on its own, and the lines that read are predicted together. A server gathers concurrent
 * requests into one such batch.
 *
 * @param <X> a model input
 * @param <M> the kind of model
 */
public interface BatchPredicting<X, M> {

    /** One line of unlabelled input as the model's input. @param file and @param line say where, for errors */
    X read(String input, Path file, long line);

    /** The predictions of {@code inputs}, each the JSON object {@link Task#predict} gives for it. */
    List<ObjectNode> predict(M model, List<X> inputs);

    /** One line's prediction, or the error of a line that does not read. */
    record Predicted(ObjectNode json, RuntimeException error) {}

    /** The predictions of {@code lines} in one batch, a line that does not read getting its error in its place. */
    default List<Predicted> predictLines(M model, List<String> lines, Path file) {
        List<Predicted> out = new ArrayList<>(lines.size());
        List<X> read = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                read.add(read(lines.get(i), file, 1));
                out.add(null);
            } catch (RuntimeException e) {
                out.add(new Predicted(null, e));
            }
        }
        List<ObjectNode> predicted = read.isEmpty() ? List.of() : predict(model, read);
        for (int i = 0, k = 0; i < out.size(); i++) if (out.get(i) == null) out.set(i, new Predicted(predicted.get(k++), null));
        return out;
    }
}
