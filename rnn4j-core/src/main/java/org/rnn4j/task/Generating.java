package org.rnn4j.task;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;

/** A task whose model writes sequences: {@code rnn4j generate} continues a prompt or decodes an input. */
public interface Generating<X, Y, M extends Model<X, Y>> extends Task<X, Y, M> {

    /** A generated text and its scores. */
    record Text(String text, double logProb, double score, boolean finished) {

        /** Each hypothesis as text of {@code words}' vocabulary, joined by its tokenizer, in the decoder's order (best first). */
        static List<Text> of(List<Decoding.Hypothesis> hypotheses, Encoder.Words words) {
            return hypotheses.stream().map(h -> new Text(words.tokenizer().join(words.vocab().decode(h.tokens())), h.logProb(), h.score(), h.finished())).toList();
        }
    }

    /**
     * @param input a prompt (lm), a source sentence (seq2seq) or a JSON object with "x" (caption)
     * @return one text for greedy and sampling, the best {@code width} for beam search, best first
     */
    List<Text> generate(M model, String input, Decoding.Strategy strategy, int maxLength, RandomGenerator rng);

    /** How a generated text reads after its input: a language model continues its prompt, the others stand alone. */
    default String show(String input, String generated) {
        return generated;
    }

    /** The longest output the task writes unless told otherwise. */
    int maxLength();
}
