package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;

/**
 * seq2seq: a sequence → another of a different length (translation, grapheme to phoneme, reversing a string).
 * Reads {@code source<TAB>target} (.tsv); source and target have vocabularies of their own and share the
 * tokenizer. Model: encoder-decoder with attention; scored by exact match, token error rate and BLEU of the
 * greedy output.
 *
 * @param encoder the source side; @param target the target side; @param maxLength the longest output written
 */
public record Seq2SeqTask(Source source, Encoder.Words encoder, Encoder.Words target, int maxLength) implements Translating<Seq, Seq2Seq> {

    @Override
    public Application application() {
        return Application.TRANSLATE;
    }

    @Override
    public Encoder.Words written() {
        return target;
    }

    static Seq2SeqTask prepare(Path file, DataOptions o) {
        return (Seq2SeqTask) fit(o).over(file);
    }

    static Fit fit(DataOptions o) {
        return new Fit(Source.of(o, Source.Tsv.SOURCE_TARGET, "seq2seq reads .tsv (source<TAB>target)", Format.TSV),
                new Encoder.Fit(o.tokenizerOr(Tokenizer.WORDS), o), new Encoder.Fit(o.targetTokenizerOr(Tokenizer.WORDS), o));
    }

    /** What seq2seq learns from its training pairs: the source and target vocabularies, and the longest target. */
    record Fit(Source source, Encoder.Fit inputs, Encoder.Fit targets) implements Preparation {
        @Override
        public void add(Record r) {
            inputs.add(r);
            targets.add(new Input.Text(r.text()), r.file(), r.line());
        }

        @Override
        public void merge(Preparation other) {
            Fit o = (Fit) other;
            inputs.merge(o.inputs);
            targets.merge(o.targets);
        }

        @Override
        public Seq2SeqTask result() {
            return new Seq2SeqTask(source, inputs.words(), targets.words(), Math.max(10, 2 * targets.longest()));
        }
    }

    @Override
    public Stream<Example<Seq, int[]>> read(Path file) {
        return source.read(file).map(r -> new Example<>(r.line(), encoder.encode(r), target.ids(new Input.Text(r.text()), file, r.line())));
    }

    @Override public Vocabulary inputVocabulary() { return encoder.vocab(); }

    @Override
    public void describeOutput(ObjectNode output) {
        output.put("vocabulary", target.vocab().size());
    }

    @Override
    public Seq2Seq adopt(Model<?, ?> loaded) {
        Seq2Seq m = Tasks.as(loaded, Seq2Seq.class, "seq2seq");
        Tasks.reads(encoder, m.config().source());
        Tasks.agree("target tokens", target.vocab().size(), m.config().targetVocab());
        return m;
    }

    @Override
    public Seq2Seq build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new Seq2Seq(new Seq2Seq.Config(encoder.spec(o.embedding()), target.vocab().size(), o.embedding(), o.rnn(), o.attention(),
                Vocabulary.BOS, Vocabulary.EOS), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("token_error_rate", true); }

    @Override
    public SequenceScores evaluate(Seq2Seq model, Stream<Example<Seq, int[]>> data, Decoding.Strategy decoding) {
        return Inputs.sequenceScores(model, data, target, x -> model.generate(x, decoding, maxLength, null).get(0).tokens());
    }

    @Override
    public ObjectNode predict(Seq2Seq model, String input, Path file, long line, Decoding.Strategy decoding) {
        String text = source.text(input, file, line);
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("source", text);
        out.put("prediction", generate(model, text, decoding, maxLength, null).get(0).text());
        return out;
    }

    @Override
    public List<Text> generate(Seq2Seq model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng) {
        return Text.of(model.generate(encoder.encode(new Input.Text(input), Path.of("<input>"), 1), strategy, length, rng), target);
    }
}
