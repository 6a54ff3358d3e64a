package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.data.PaddedBatches;
import org.rnn4j.data.Seq;

/**
 * A task whose model predicts a batch of sequences at once, each exactly as it would alone (padding changes nothing):
 * every line is read on its own, and the lines that read are predicted together. A server gathers concurrent
 * requests into such batches.
 *
 * @param <M> the kind of model
 */
public interface BatchPredicting<M> {
    /**
     * The most padding a batch may carry: its sequences sorted by length are cut into batches whose padded steps
     * (batch size × longest length) are at most this many times their true steps ({@link PaddedBatches}).
     */
    double MAX_PADDING = 1.25;

    /** One line of unlabelled input as the model's sequence. @param file and @param line say where, for errors */
    Seq read(String input, Path file, long line);

    /** The predictions of {@code inputs}, each the JSON object {@link Task#predict} gives for it. */
    List<ObjectNode> predict(M model, List<Seq> inputs);

    /** The prediction of one line, as a batch of one: what {@link Task#predict} gives. */
    default ObjectNode predictOne(M model, String input, Path file, long line) {
        return predict(model, List.of(read(input, file, line))).get(0);
    }

    /** One prediction of the model (probabilities, or standardised values) as {@link Task#predict} writes it. */
    ObjectNode show(float[] prediction);

    /** One line's prediction, or the error of a line that does not read. */
    record Predicted(ObjectNode json, RuntimeException error) {}

    /**
     * The predictions of {@code lines}, a line that does not read getting its error in its place; the lines that read
     * are predicted in batches of similar lengths ({@link #MAX_PADDING}).
     */
    default List<Predicted> predictLines(M model, List<String> lines, Path file) {
        Predicted[] out = new Predicted[lines.size()];
        List<Integer> order = new ArrayList<>();
        Seq[] read = new Seq[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            try {
                read[i] = read(lines.get(i), file, 1);
                order.add(i);
            } catch (RuntimeException e) {
                out[i] = new Predicted(null, e);
            }
        }
        order.sort(java.util.Comparator.comparingInt((Integer i) -> read[i].length()).reversed());     // longest first: ended rows cost no product
        int[] lengths = order.stream().mapToInt(i -> Math.max(1, read[i].length())).toArray();
        for (int[] batch : PaddedBatches.cut(lengths, MAX_PADDING, Long.MAX_VALUE)) {
            List<Integer> part = order.subList(batch[0], batch[1]);
            List<ObjectNode> predicted = predict(model, part.stream().map(i -> read[i]).toList());
            for (int k = 0; k < part.size(); k++) out[part.get(k)] = new Predicted(predicted.get(k), null);
        }
        return java.util.Arrays.asList(out);
    }
}
