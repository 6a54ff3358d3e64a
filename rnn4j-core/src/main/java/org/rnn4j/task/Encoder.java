package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rnn4j.data.Bpe;
import org.rnn4j.data.DataException;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.InputSpec;

/**
 * How a task turns an {@link Input} into the model's sequence, learnt from the training file by {@link Fit}: text
 * through a tokenizer and vocabulary into token ids, or numbers per step, checked for width and standardised.
 * Saved with the task, so every later input is encoded as the training inputs were.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Encoder.Words.class, name = "words"), @JsonSubTypes.Type(value = Encoder.Features.class, name = "features")})
public sealed interface Encoder {

    /** @param file and @param line where the input is, for errors */
    Seq encode(Input x, Path file, long line);

    default Seq encode(Record r) {
        return encode(r.input(), r.file(), r.line());
    }

    /** The model's input layer for this encoding ({@code embedding}: E, for tokens). */
    InputSpec spec(int embedding);

    /** The vocabulary of the input tokens, or null for numeric input. */
    Vocabulary vocabulary();

    /** Whether a model's input layer reads what this encoder writes (the same vocabulary size or width). */
    default boolean fits(InputSpec spec) {
        return spec instanceof InputSpec.Tokens t && vocabulary() != null ? t.vocab() == vocabulary().size()
                : spec instanceof InputSpec.Vectors v && this instanceof Features f && v.features() == f.features();
    }

    /** Text as token ids [T]. */
    record Words(Tokenizer tokenizer, Vocabulary vocab) implements Encoder {
        public List<String> tokens(Input x, Path file, long line) {
            if (x instanceof Input.Text t) return tokenizer.tokenize(t.text());
            if (x instanceof Input.Tokens t) return tokenizer instanceof Bpe bpe ? bpe.tokenize(String.join(" ", t.tokens())) : t.tokens();
            if (x instanceof Input.Question q) {
                List<String> tokens = new java.util.ArrayList<>(tokenizer.tokenize(q.question()));
                tokens.add(Input.Question.SEPARATOR);
                tokens.addAll(tokenizer.tokenize(q.text()));
                return tokens;
            }
            throw new DataException(file, line, "expected text; this model reads words, not numbers");
        }

        /** A word of a text as written, and its tokens: itself, or with subwords its subwords. */
        public record Word(String text, List<String> tokens) {}

        /**
         * A tagger's view of a text: its words with their tokens. A word is one token, or with subwords a word of
         * the file's (CoNLL) or of the line split at whitespace, cut into its subwords.
         */
        public List<Word> words(Input x, Path file, long line) {
            if (!(tokenizer instanceof Bpe bpe)) return tokens(x, file, line).stream().map(t -> new Word(t, List.of(t))).toList();
            List<String> words = x instanceof Input.Tokens t ? t.tokens()
                    : x instanceof Input.Text t ? java.util.Arrays.stream(t.text().split("\\s+")).filter(w -> !w.isEmpty()).toList()
                    : tokens(x, file, line);
            return words.stream().map(w -> new Word(w, bpe.tokensOf(" " + w))).toList();
        }

        /** The token ids [T] of a text. */
        public int[] ids(Input x, Path file, long line) {
            return vocab.encode(tokens(x, file, line));
        }

        @Override
        public Seq encode(Input x, Path file, long line) {
            return new Seq.Tokens(ids(x, file, line));
        }

        @Override public InputSpec spec(int embedding) { return new InputSpec.Tokens(vocab.size(), embedding); }

        @Override public Vocabulary vocabulary() { return vocab; }
    }

    /**
     * Numbers per step [T, F], standardised by {@code scaling} unless it is null.
     *
     * @param features F
     */
    record Features(int features, Scaling scaling) implements Encoder {
        public float[][] steps(Input x, Path file, long line) {
            float[][] steps = Input.steps(x);
            if (steps == null) throw new DataException(file, line, "expected numbers (\"x\"); this model reads " + features + " features per step, not text");
            if (steps[0].length != features) {
                throw new DataException(file, line, "\"x\" has " + steps[0].length + " features per step; this model reads " + features);
            }
            return scaling == null ? steps : scaling.apply(steps);
        }

        @Override
        public Seq encode(Input x, Path file, long line) {
            return new Seq.Vectors(steps(x, file, line));
        }

        @Override public InputSpec spec(int embedding) { return new InputSpec.Vectors(features); }

        @Override public Vocabulary vocabulary() { return null; }
    }

    /**
     * Learns the encoding of a training file's inputs, added one record at a time in one pass, or in several
     * passes over parts of the data that are then merged ({@link Preparation}).
     */
    final class Fit implements java.io.Serializable {
        private final Tokenizer tokenizer;
        private final DataOptions options;
        private final Map<String, Long> counts = new TreeMap<>();
        private final Scaling.Fit scaling = new Scaling.Fit();
        private int features, longest;
        private transient Tokenizer fitted;

        /** @param tokenizer for text: {@link DataOptions#tokenizerOr} or {@link DataOptions#targetTokenizerOr} */
        Fit(Tokenizer tokenizer, DataOptions options) {
            this.tokenizer = tokenizer;
            this.options = options;
        }

        void add(Record r) {
            add(r.input(), r.file(), r.line());
        }

        /** @param file and @param line where the input is, for errors */
        void add(Input x, Path file, long line) {
            float[][] steps = Input.steps(x);
            if (steps != null) {
                if (features == 0) features = steps[0].length;
                if (steps[0].length != features) throw new DataException(file, line, "\"x\" has " + steps[0].length + " features per step; the first example has " + features);
                for (float[] step : steps) scaling.add(step);
            } else {
                List<String> units = x instanceof Input.Text t ? tokenizer.units(t.text())
                        : x instanceof Input.Question q ? java.util.stream.Stream.of(tokenizer.units(q.question()), tokenizer.units(q.text())).flatMap(List::stream).toList()
                        : x instanceof Input.Tokens t && tokenizer instanceof Bpe ? tokenizer.units(String.join(" ", t.tokens()))
                        : new Words(tokenizer, null).tokens(x, file, line);
                units.forEach(t -> counts.merge(t, 1L, Long::sum));
                fitted = null;
                longest = Math.max(longest, units.size());
            }
        }

        /** Adds what {@code other} gathered from other records. */
        void merge(Fit other) {
            if (other.features > 0 && features > 0 && other.features != features) {
                throw new IllegalArgumentException("\"x\" has " + features + " features per step in one part of the data and " + other.features + " in another");
            }
            if (features == 0) features = other.features;
            other.counts.forEach((token, n) -> counts.merge(token, n, Long::sum));
            fitted = null;
            scaling.merge(other.scaling);
            longest = Math.max(longest, other.longest);
        }

        /** The most tokens of one text input so far (for a learned tokenizer, its most words times its tokens per word). */
        int longest() {
            Tokenizer fitted = fitted();
            if (fitted == tokenizer) return longest;
            long words = 0, tokens = 0;
            for (var e : counts.entrySet()) {
                words += e.getValue();
                tokens += e.getValue() * fitted.tokensOf(e.getKey()).size();
            }
            return (int) Math.ceil(longest * (double) tokens / Math.max(1, words));
        }

        /** The tokenizer learned from the texts (made once). */
        private Tokenizer fitted() {
            if (fitted == null) fitted = tokenizer.fit(counts);
            return fitted;
        }

        /** Numbers per step when the inputs were vectors, else words. */
        Encoder result() {
            return features > 0 ? features() : words();
        }

        /** The inputs' vocabulary (for a task whose format gives text). */
        Words words() {
            if (features > 0) throw new IllegalStateException("the inputs were numbers, not text");
            Tokenizer fitted = fitted();
            if (fitted instanceof Bpe bpe) return new Words(bpe, new Vocabulary(bpe.vocabulary()));      // all its tokens, whatever the counts
            return new Words(tokenizer, Vocabulary.build(counts, options.minCount(), options.maxVocab()));
        }

        /** The inputs' width and standardisation (for a task whose format gives numbers). */
        Features features() {
            if (features == 0) throw new IllegalStateException("the inputs were text, not numbers");
            return new Features(features, options.standardize() ? scaling.result() : null);
        }
    }
}
