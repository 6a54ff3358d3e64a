package org.rnn4j.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rnn4j.data.DataException;
import org.rnn4j.data.JsonlReader;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Example;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.Model;
import org.rnn4j.model.Seq;

/** Shared steps of the tasks: text → token ids, JSON vectors → feature sequences, batched scoring. */
final class Inputs {
    /** For the JSON objects {@code predict} prints. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private Inputs() {}

    static Seq text(Tokenizer tokenizer, Vocabulary vocab, String text) {
        return new Seq.Tokens(vocab.encode(tokenizer.tokenize(text)));
    }

    /** A JSON example's "x" as a sequence of width {@code features}, standardised by {@code scaling} unless it is null. */
    static Seq vectors(JsonlReader.Example e, int features, Scaling scaling) {
        float[][] x = e.sequence();
        if (x[0].length != features) throw e.error("\"x\" has " + x[0].length + " features per step; this model reads " + features);
        return new Seq.Vectors(scaling == null ? x : scaling.apply(x));
    }

    /** The standardisation of a JSON Lines file's "x" (sequences, or one vector as one step), or null when it is off. */
    static Scaling scaling(Path file, DataOptions o) {
        if (!o.standardize()) return null;
        try (var s = JsonlReader.examples(file)) {
            return Scaling.fit(s.map(e -> e.x().isArray() && e.x().size() > 0 && e.x().get(0).isArray() ? e.sequence() : new float[][] {e.vector()}));
        }
    }

    static InputSpec spec(Vocabulary vocab, int features, int embedding) {
        return vocab != null ? new InputSpec.Tokens(vocab.size(), embedding) : new InputSpec.Vectors(features);
    }

    /** Token counts over a stream of token lists, for {@link Vocabulary#build}. */
    static Vocabulary vocabulary(Stream<List<String>> documents, DataOptions o) {
        Map<String, Long> counts = new TreeMap<>();
        documents.forEach(d -> d.forEach(t -> counts.merge(t, 1L, Long::sum)));
        return Vocabulary.build(counts, o.minCount(), o.maxVocab());
    }

    /** Consumes {@code data} in batches of 256 and passes each batch to {@code each}. */
    static <X, Y> void batches(Stream<Example<X, Y>> data, java.util.function.Consumer<List<Example<X, Y>>> each) {
        List<Example<X, Y>> batch = new ArrayList<>();
        data.forEachOrdered(e -> {
            batch.add(e);
            if (batch.size() == 256) {
                each.accept(List.copyOf(batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) each.accept(batch);
    }

    /** The mean loss of one batch times its size, for a data set's mean. */
    static <X, Y> double lossSum(Model<X, Y> model, List<Example<X, Y>> batch) {
        return model.loss(batch.stream().map(Example::x).toList(), batch.stream().map(Example::y).toList()) * batch.size();
    }

    /**
     * Exact match, token error rate, BLEU and loss of a generating model: each example's target against its greedy
     * output ({@code greedy}), both as tokens of {@code vocab}.
     */
    static <X> SequenceScores sequenceScores(Model<X, int[]> model, Stream<Example<X, int[]>> data, Vocabulary vocab,
                                             java.util.function.Function<X, int[]> greedy) {
        List<List<String>> refs = new ArrayList<>(), hyps = new ArrayList<>();
        double[] loss = {0};
        batches(data, b -> {
            loss[0] += lossSum(model, b);
            for (Example<X, int[]> e : b) {
                refs.add(vocab.decode(e.y()));
                hyps.add(vocab.decode(greedy.apply(e.x())));
            }
        });
        return Metrics.sequences(refs, hyps, loss[0] / refs.size());
    }

    static DataException noInput(Path file, long line, String expected) {
        return new DataException(file, line, "expected " + expected + ", found an empty line");
    }
}
