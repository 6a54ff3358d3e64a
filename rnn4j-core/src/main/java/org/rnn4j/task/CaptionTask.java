package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.JsonlReader;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Example;
import org.rnn4j.model.Model;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.OneToMany;
import org.rnn4j.tensor.Compute;

/**
 * caption: one feature vector (an image's features, a class, a measurement) → a text. Reads
 * {@code {"x": [f_1, ..., f_F], "y": "a caption"}} (.jsonl). Model: one-to-many, the vector sets the decoder's
 * initial state; scored by exact match, token error rate and BLEU of greedy decoding.
 */
public record CaptionTask(Tokenizer tokenizer, int features, Vocabulary vocab, int maxLength, Scaling scaling) implements Generating<float[], int[], OneToMany> {

    static CaptionTask prepare(Path file, DataOptions o) {
        if (o.format() != Format.JSONL) throw new IllegalArgumentException("caption reads .jsonl ({\"x\": [features], \"y\": \"text\"}), not " + o.format());
        Tokenizer tok = o.tokenizerOr(Tokenizer.WORDS);
        int[] width = {0}, longest = {0};
        Vocabulary vocab;
        try (var s = JsonlReader.examples(file)) {
            vocab = Inputs.vocabulary(s.map(e -> {
                if (width[0] == 0) width[0] = e.vector().length;
                List<String> t = tok.tokenize(e.text());
                longest[0] = Math.max(longest[0], t.size());
                return t;
            }), o);
        }
        return new CaptionTask(tok, width[0], vocab, Math.max(10, 2 * longest[0]), Inputs.scaling(file, o));
    }

    private float[] vector(JsonlReader.Example e) {
        float[] x = e.vector();
        if (x.length != features) throw e.error("\"x\" has " + x.length + " features; this model reads " + features);
        return scaling == null ? x : scaling.apply(x);
    }

    @Override
    public Stream<Example<float[], int[]>> read(Path file) {
        return JsonlReader.examples(file).map(e -> new Example<>(e.line(), vector(e), vocab.encode(tokenizer.tokenize(e.text()))));
    }


    @Override public OneToMany adopt(Model<?, ?> loaded) { return Tasks.as(loaded, OneToMany.class, "caption"); }

    @Override
    public OneToMany build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new OneToMany(new OneToMany.Config(features, vocab.size(), o.embedding(), o.unidirectional(), Vocabulary.BOS, Vocabulary.EOS), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("bleu", true); }

    @Override
    public SequenceScores evaluate(OneToMany model, Stream<Example<float[], int[]>> data) {
        OneToMany m = model;
        return Inputs.sequenceScores(model, data, vocab, x -> m.predict(x, maxLength));
    }

    @Override
    public ObjectNode predict(OneToMany model, String input, Path file, long line) {
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("prediction", generate(model, input, new Decoding.Greedy(), maxLength, null, file, line).get(0).text());
        return out;
    }

    @Override
    public List<Text> generate(OneToMany model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng) {
        return generate(model, input, strategy, length, rng, Path.of("<input>"), 1);
    }

    private List<Text> generate(OneToMany model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng, Path file, long line) {
        float[] x = vector(Tasks.jsonLine(input, file, line));
        List<Text> out = new ArrayList<>();
        for (Decoding.Hypothesis h : model.generate(x, strategy, length, rng)) {
            out.add(new Text(tokenizer.join(vocab.decode(h.tokens())), h.logProb(), h.score(), h.finished()));
        }
        return out;
    }
}
