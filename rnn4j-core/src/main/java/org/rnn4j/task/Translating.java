package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.train.Example;

/**
 * A task whose model writes an output sequence for each input (seq2seq, caption), scored and predicted with the
 * decoding the user chooses: greedy unless told otherwise, or beam search ({@code evaluate --beam},
 * {@code predict --beam}).
 */
public interface Translating<X, M extends Model<X, int[]>> extends Generating<X, int[], M> {

    /** How the model's output tokens read as text: their vocabulary and the tokenizer that joins them. */
    Encoder.Words written();

    /** The scores of the outputs {@code decoding} writes (its best hypothesis for each input). */
    SequenceScores evaluate(M model, Stream<Example<X, int[]>> data, Decoding.Strategy decoding);

    /** The output {@code decoding} writes for one input line (its best hypothesis). */
    ObjectNode predict(M model, String input, Path file, long line, Decoding.Strategy decoding);

    @Override
    default SequenceScores evaluate(M model, Stream<Example<X, int[]>> data) {
        return evaluate(model, data, new Decoding.Greedy());
    }

    @Override
    default ObjectNode predict(M model, String input, Path file, long line) {
        return predict(model, input, file, line, new Decoding.Greedy());
    }
}
