package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.ConllReader;
import org.rnn4j.data.JsonlReader;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.Example;
import org.rnn4j.model.Model;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.Seq;
import org.rnn4j.tensor.Compute;

/**
 * tag: one tag per token (part of speech, named entities, punctuation). Reads CoNLL {@code token<TAB>tag} lines
 * with blank lines between sentences (.conll), or {@code {"x": [[...], ...], "y": ["tag", ...]}} (.jsonl).
 * Model: many-to-many, bidirectional if asked; scored by token accuracy and per-tag precision / recall / F1.
 */
public record TagTask(Format format, Tokenizer tokenizer, Vocabulary vocab, int features, Labels labels, Scaling scaling) implements Task<Seq, int[], ManyToMany> {

    static TagTask prepare(Path file, DataOptions o) {
        java.util.Set<String> tags = new java.util.TreeSet<>();
        if (o.format() == Format.CONLL) {
            Tokenizer tok = o.tokenizerOr(Tokenizer.SPLIT);
            Vocabulary vocab;
            try (var s = ConllReader.sentences(file)) {
                vocab = Inputs.vocabulary(s.peek(e -> tags.addAll(e.tags())).map(ConllReader.Sentence::tokens), o);
            }
            return new TagTask(Format.CONLL, tok, vocab, 0, Labels.of(tags), null);
        }
        if (o.format() == Format.JSONL) {
            int[] width = {0};
            try (var s = JsonlReader.examples(file)) {
                s.forEach(e -> {
                    tags.addAll(e.labels());
                    if (width[0] == 0) width[0] = e.sequence()[0].length;
                });
            }
            return new TagTask(Format.JSONL, null, null, width[0], Labels.of(tags), Inputs.scaling(file, o));
        }
        throw new IllegalArgumentException("tag reads .conll (token<TAB>tag) or .jsonl ({\"x\": [[...]], \"y\": [tags]}), not " + o.format());
    }

    private int[] ids(List<String> tags, Path file, long line) {
        int[] out = new int[tags.size()];
        for (int i = 0; i < out.length; i++) out[i] = labels.id(tags.get(i), file, line);
        return out;
    }

    @Override
    public Stream<Example<Seq, int[]>> read(Path file) {
        if (format == Format.CONLL) {
            return ConllReader.sentences(file).map(s -> new Example<>(s.line(), new Seq.Tokens(vocab.encode(s.tokens())), ids(s.tags(), file, s.line())));
        }
        return JsonlReader.examples(file).map(e -> {
            Seq x = Inputs.vectors(e, features, scaling);
            List<String> tags = e.labels();
            if (tags.size() != x.length()) throw e.error("\"y\" has " + tags.size() + " tags for " + x.length() + " steps of \"x\"");
            return new Example<>(e.line(), x, ids(tags, file, e.line()));
        });
    }

    @Override public Vocabulary inputVocabulary() { return vocab; }


    @Override public ManyToMany adopt(Model<?, ?> loaded) { return Tasks.as(loaded, ManyToMany.class, "tag"); }

    @Override
    public ManyToMany build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new ManyToMany(new ManyToMany.Config(Inputs.spec(vocab, features, o.embedding()), o.rnn(), Math.max(2, labels.size())), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("accuracy", true); }

    @Override
    public ClassificationScores evaluate(ManyToMany model, Stream<Example<Seq, int[]>> data) {
        ManyToMany m = model;
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        double[] loss = {0};
        long[] sentences = {0};
        Inputs.batches(data, b -> {
            List<Seq> x = b.stream().map(Example::x).toList();
            loss[0] += Inputs.lossSum(m, b);
            sentences[0] += b.size();
            List<float[][]> logits = m.logits(x);
            for (int i = 0; i < b.size(); i++) {
                for (int t = 0; t < b.get(i).y().length; t++) {
                    truth.add(b.get(i).y()[t]);
                    predicted.add(ClassifyTask.argmax(logits.get(i)[t]));
                }
            }
        });
        return Metrics.classification(truth, predicted, labels.names(), loss[0] / sentences[0]);       // examples: tokens
    }

    @Override
    public ObjectNode predict(ManyToMany model, String input, Path file, long line) {
        ObjectNode out = Inputs.JSON.createObjectNode();
        Seq x;
        List<String> tokens = null;
        if (format == Format.CONLL) {
            tokens = tokenizer.tokenize(input);
            if (tokens.isEmpty()) throw Inputs.noInput(file, line, "a sentence of space-separated tokens");
            x = new Seq.Tokens(vocab.encode(tokens));
        } else {
            x = Inputs.vectors(Tasks.jsonLine(input, file, line), features, scaling);
        }
        int[] tags = model.predict(x);
        ArrayNode arr = out.putArray("tags");
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < tags.length; t++) {
            arr.add(labels.name(tags[t]));
            if (t > 0) text.append(' ');
            text.append(tokens == null ? "" : tokens.get(t) + "/").append(labels.name(tags[t]));
        }
        if (tokens != null) {
            ArrayNode tk = out.putArray("tokens");
            tokens.forEach(tk::add);
        }
        out.put("prediction", text.toString());
        return out;
    }
}
