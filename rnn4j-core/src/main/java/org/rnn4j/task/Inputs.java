package org.rnn4j.task;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Model;
import org.rnn4j.train.EpochOrder;
import org.rnn4j.train.Example;

/** Shared steps of the tasks' scoring: batches, batch losses, scores of generated sequences; the JSON of predictions. */
final class Inputs {
    /** For the JSON objects {@code predict} prints. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private Inputs() {}

    /** The most examples, and the most padded steps (examples × the longest), one scoring batch holds. */
    static final int BATCH = 256, STEPS = 1 << 15;

    /**
     * Consumes {@code data} in order, in batches of at most {@link #BATCH} examples and {@link #STEPS} padded steps,
     * so a few very long sequences never make a batch that fills the memory, and passes each batch to {@code each}.
     */
    static <X, Y> void batches(Stream<Example<X, Y>> data, java.util.function.Consumer<List<Example<X, Y>>> each) {
        List<Example<X, Y>> batch = new ArrayList<>();
        int[] longest = {0};
        data.forEachOrdered(e -> {
            int length = EpochOrder.length(e);
            if (!batch.isEmpty() && (batch.size() == BATCH || (long) (batch.size() + 1) * Math.max(longest[0], length) > STEPS)) {
                each.accept(List.copyOf(batch));
                batch.clear();
                longest[0] = 0;
            }
            batch.add(e);
            longest[0] = Math.max(longest[0], length);
        });
        if (!batch.isEmpty()) each.accept(batch);
    }

    /** The mean loss of one batch times its size, for a data set's mean. */
    static <X, Y> double lossSum(Model<X, Y> model, List<Example<X, Y>> batch) {
        return model.loss(batch.stream().map(Example::x).toList(), batch.stream().map(Example::y).toList()) * batch.size();
    }

    /**
     * Exact match, token error rate, BLEU and loss of a generating model: each example's target against the output
     * {@code decode} writes for its input, both as tokens of {@code vocab}.
     */
    static <X> SequenceScores sequenceScores(Model<X, int[]> model, Stream<Example<X, int[]>> data, Encoder.Words target,
                                             java.util.function.Function<X, int[]> decode) {
        Vocabulary vocab = target.vocab();
        List<List<String>> refs = new ArrayList<>(), hyps = new ArrayList<>();
        double[] loss = {0};
        batches(data, b -> {
            loss[0] += lossSum(model, b);
            for (Example<X, int[]> e : b) {
                refs.add(vocab.decode(e.y()));
                hyps.add(vocab.decode(decode.apply(e.x())));
            }
        });
        return Metrics.sequences(refs, hyps, target.tokenizer(), loss[0] / refs.size());
    }
}
