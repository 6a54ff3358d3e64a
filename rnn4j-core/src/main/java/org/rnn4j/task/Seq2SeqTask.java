package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.TsvReader;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.Example;
import org.rnn4j.model.Model;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.Seq;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.tensor.Compute;

/**
 * seq2seq: a source sequence → a target sequence of another length (translation, grapheme-to-phoneme, spelling
 * correction). Reads {@code source<TAB>target} (.tsv); source and target have their own vocabularies. Model:
 * encoder-decoder with attention; scored by exact match, token error rate and BLEU of greedy decoding.
 */
public record Seq2SeqTask(Tokenizer tokenizer, Vocabulary source, Vocabulary target, int maxLength) implements Generating<Seq, int[], Seq2Seq> {

    static Seq2SeqTask prepare(Path file, DataOptions o) {
        if (o.format() != Format.TSV) throw new IllegalArgumentException("seq2seq reads .tsv (source<TAB>target), not " + o.format());
        Tokenizer tok = o.tokenizerOr(Tokenizer.WORDS);
        java.util.Map<String, Long> targetCounts = new java.util.TreeMap<>();
        int[] longest = {0};
        Vocabulary src;
        try (var s = TsvReader.pairs(file)) {
            src = Inputs.vocabulary(s.peek(p -> {
                List<String> t = tok.tokenize(p.target());
                t.forEach(w -> targetCounts.merge(w, 1L, Long::sum));
                longest[0] = Math.max(longest[0], t.size());
            }).map(p -> tok.tokenize(p.source())), o);
        }
        Vocabulary tgt = Vocabulary.build(targetCounts, o.minCount(), o.maxVocab());
        return new Seq2SeqTask(tok, src, tgt, Math.max(10, 2 * longest[0]));
    }

    @Override
    public Stream<Example<Seq, int[]>> read(Path file) {
        return TsvReader.pairs(file).map(p -> new Example<>(p.line(), Inputs.text(tokenizer, source, p.source()), target.encode(tokenizer.tokenize(p.target()))));
    }

    @Override public Vocabulary inputVocabulary() { return source; }


    @Override public Seq2Seq adopt(Model<?, ?> loaded) { return Tasks.as(loaded, Seq2Seq.class, "seq2seq"); }

    @Override
    public Seq2Seq build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(source.size(), o.embedding()), target.size(), o.embedding(), o.rnn(), o.attention(),
                Vocabulary.BOS, Vocabulary.EOS), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("token_error_rate", true); }

    @Override
    public SequenceScores evaluate(Seq2Seq model, Stream<Example<Seq, int[]>> data) {
        Seq2Seq m = model;
        return Inputs.sequenceScores(model, data, target, x -> m.predict(x, maxLength));
    }

    @Override
    public ObjectNode predict(Seq2Seq model, String input, Path file, long line) {
        String text = input.contains("\t") ? input.substring(0, input.indexOf('\t')) : input;
        if (text.isBlank()) throw Inputs.noInput(file, line, "a source sequence");
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("source", text);
        out.put("prediction", generate(model, text, new Decoding.Greedy(), maxLength, null).get(0).text());
        return out;
    }

    @Override
    public List<Text> generate(Seq2Seq model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng) {
        List<Text> out = new ArrayList<>();
        for (Decoding.Hypothesis h : model.generate(Inputs.text(tokenizer, source, input), strategy, length, rng)) {
            out.add(new Text(tokenizer.join(target.decode(h.tokens())), h.logProb(), h.score(), h.finished()));
        }
        return out;
    }
}
