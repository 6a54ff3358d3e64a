package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.Model;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;

/**
 * tag: one tag per token (parts of speech, named entities, punctuation to restore). Reads CoNLL
 * ({@code token<TAB>tag} lines, a blank line between sentences) or {@code {"x": [[...]], "y": [tags]}} (.jsonl,
 * one tag per step). Model: many-to-many of the same length, bidirectional by default, softmax per step. With
 * subwords ({@code --tokens bpe:N}) each word is read as its subwords and tagged at the first of them.
 */
public record TagTask(Source source, Encoder encoder, Labels labels) implements Task<Seq, int[], ManyToMany>, Labelled {

    @Override
    public Application application() {
        return Application.TAG;
    }

    static TagTask prepare(Path file, DataOptions o) {
        return (TagTask) fit(o).over(file);
    }

    static Fit fit(DataOptions o) {
        return new Fit(Source.of(o, null, "tag reads .conll (token<TAB>tag) or .jsonl ({\"x\": [[...]], \"y\": [tags]})", Format.CONLL, Format.JSONL),
                new Encoder.Fit(o.tokenizerOr(Tokenizer.SPLIT), o));
    }

    /** What tag learns from its training records: the input encoding and the tag set. */
    record Fit(Source source, Encoder.Fit inputs, Set<String> tags) implements Preparation {
        Fit(Source source, Encoder.Fit inputs) {
            this(source, inputs, new TreeSet<>());
        }

        @Override
        public void add(Record r) {
            inputs.add(r);
            tags.addAll(r.tags());
        }

        @Override
        public void merge(Preparation other) {
            Fit o = (Fit) other;
            inputs.merge(o.inputs);
            tags.addAll(o.tags);
        }

        @Override
        public TagTask result() {
            if (tags.size() < 2) throw new IllegalArgumentException("tag needs at least 2 different tags in the training data, found " + tags);
            return new TagTask(source, inputs.result(), Labels.of(tags));
        }
    }

    @Override
    public Stream<Example<Seq, int[]>> read(Path file) {
        return source.read(file).map(r -> {
            List<String> tags = r.tags();
            if (encoder instanceof Encoder.Words w) {
                Words words = Words.of(w, r.input(), file, r.line());
                if (tags.size() != words.starts().length) throw r.error("\"y\" has " + tags.size() + " tags for " + words.starts().length + " words of \"x\"");
                int[] ids = new int[words.ids().length];
                Arrays.fill(ids, SoftmaxCrossEntropy.IGNORE);                   // a word's tag is learned at its first token
                for (int i = 0; i < tags.size(); i++) ids[words.starts()[i]] = labels.id(tags.get(i), file, r.line());
                return new Example<>(r.line(), (Seq) new Seq.Tokens(words.ids()), ids);
            }
            Seq x = encoder.encode(r);
            if (tags.size() != x.length()) throw r.error("\"y\" has " + tags.size() + " tags for " + x.length() + " steps of \"x\"");
            int[] ids = new int[tags.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = labels.id(tags.get(i), file, r.line());
            return new Example<>(r.line(), x, ids);
        });
    }

    /**
     * A text as the tagger reads it: its words, their token ids [T] and where each word's tokens start [words]. A
     * word is one token, or with subwords ({@code bpe:N}) several, of which the first carries the word's tag.
     */
    record Words(List<String> words, int[] ids, int[] starts) {
        static Words of(Encoder.Words w, Input x, Path file, long line) {
            List<Encoder.Words.Word> words = w.words(x, file, line);
            int[] starts = new int[words.size()];
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                starts[i] = tokens.size();
                tokens.addAll(words.get(i).tokens());
            }
            return new Words(words.stream().map(Encoder.Words.Word::text).toList(), w.vocab().encode(tokens), starts);
        }
    }

    @Override public Vocabulary inputVocabulary() { return encoder.vocabulary(); }

    @Override
    public void describeOutput(ObjectNode output) {
        labels.names().forEach(output.putArray("tags")::add);
    }

    @Override
    public ManyToMany adopt(Model<?, ?> loaded) {
        ManyToMany m = Tasks.as(loaded, ManyToMany.class, "tag");
        Tasks.reads(encoder, m.config().input());
        Tasks.agree("tags", labels.size(), m.config().classes());
        return m;
    }

    @Override
    public ManyToMany build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new ManyToMany(new ManyToMany.Config(encoder.spec(o.embedding()), o.rnn(), labels.size()), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("accuracy", true); }

    @Override
    public ClassificationScores evaluate(ManyToMany model, Stream<Example<Seq, int[]>> data) {
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        double[] loss = {0};
        long[] sentences = {0};
        Inputs.batches(data, b -> {
            loss[0] += Inputs.lossSum(model, b);
            sentences[0] += b.size();
            List<float[][]> logits = model.logits(b.stream().map(Example::x).toList());
            for (int i = 0; i < b.size(); i++) {
                for (int t = 0; t < b.get(i).y().length; t++) {
                    if (b.get(i).y()[t] == SoftmaxCrossEntropy.IGNORE) continue;                // a word's later subwords
                    truth.add(b.get(i).y()[t]);
                    predicted.add(ClassifyTask.argmax(logits.get(i)[t]));
                }
            }
        });
        return Metrics.classification(truth, predicted, labels.names(), loss[0] / sentences[0]);       // examples: tokens
    }

    @Override
    public ObjectNode predict(ManyToMany model, String input, Path file, long line) {
        Input x = source.input(input, file, line);
        Words words = encoder instanceof Encoder.Words w ? Words.of(w, x, file, line) : null;
        if (words != null && words.starts().length == 0) throw new org.rnn4j.data.DataException(file, line, "expected a sentence of space-separated tokens, found none");
        int[] steps = model.predict(words != null ? new Seq.Tokens(words.ids()) : encoder.encode(x, file, line));
        int[] tags = words == null ? steps : Arrays.stream(words.starts()).map(t -> steps[t]).toArray();
        ObjectNode out = Inputs.JSON.createObjectNode();
        ArrayNode arr = out.putArray("tags");
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < tags.length; t++) {
            arr.add(labels.name(tags[t]));
            if (t > 0) text.append(' ');
            text.append(words == null ? "" : words.words().get(t) + "/").append(labels.name(tags[t]));
        }
        if (words != null) {
            ArrayNode tk = out.putArray("tokens");
            words.words().forEach(tk::add);
        }
        out.put("prediction", text.toString());
        return out;
    }
}
