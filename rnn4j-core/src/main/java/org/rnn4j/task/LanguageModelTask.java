package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.Model;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;

/**
 * lm: a language model over plain text (.txt), one sequence per line, characters by default. Each line reads
 * {@code <bos>, t_1, ..., t_n} and predicts {@code t_1, ..., t_n, <eos>}; lines longer than {@code maxLength}
 * tokens are cut into pieces that each predict their next token. Scored by cross-entropy per token, perplexity
 * and (for characters) bits per character. Model: unidirectional many-to-many.
 */
public record LanguageModelTask(Source source, Encoder.Words encoder, int maxLength) implements Generating<Seq, int[], ManyToMany> {

    @Override
    public Application application() {
        return Application.COMPLETE;
    }

    static LanguageModelTask prepare(Path file, DataOptions o) {
        return (LanguageModelTask) fit(o).over(file);
    }

    static Fit fit(DataOptions o) {
        return new Fit(Source.of(o, null, "lm reads plain text (.txt), one sequence per line", Format.TXT), new Encoder.Fit(o.tokenizerOr(Tokenizer.CHARS), o), o.maxLength());
    }

    /** What lm learns from its training text: the vocabulary. */
    record Fit(Source source, Encoder.Fit text, int maxLength) implements Preparation {
        @Override public void add(Record r) { text.add(r); }

        @Override public void merge(Preparation other) { text.merge(((Fit) other).text); }

        @Override public LanguageModelTask result() { return new LanguageModelTask(source, text.words(), maxLength); }
    }

    @Override
    public Stream<Example<Seq, int[]>> read(Path file) {
        return source.read(file).flatMap(r -> {
            int[] ids = encoder.ids(r.input(), file, r.line());
            int n = ids.length + 1;
            int[] input = new int[n], target = new int[n];            // <bos> t_1 .. t_n  →  t_1 .. t_n <eos>
            input[0] = Vocabulary.BOS;
            System.arraycopy(ids, 0, input, 1, ids.length);
            System.arraycopy(ids, 0, target, 0, ids.length);
            target[n - 1] = Vocabulary.EOS;
            List<Example<Seq, int[]>> pieces = new ArrayList<>();
            for (int from = 0; from < n; from += maxLength) {
                int to = Math.min(n, from + maxLength);
                pieces.add(new Example<>(r.line(), new Seq.Tokens(Arrays.copyOfRange(input, from, to)), Arrays.copyOfRange(target, from, to)));
            }
            return pieces.stream();
        });
    }

    @Override public Vocabulary inputVocabulary() { return encoder.vocab(); }

    @Override
    public void describeOutput(ObjectNode output) {
        output.put("vocabulary", encoder.vocab().size());
    }

    @Override
    public ManyToMany adopt(Model<?, ?> loaded) {
        ManyToMany m = Tasks.as(loaded, ManyToMany.class, "lm");
        Tasks.reads(encoder, m.config().input());
        Tasks.agree("tokens to predict", encoder.vocab().size(), m.config().classes());
        return m;
    }

    @Override
    public ManyToMany build(ModelOptions o, Compute compute, RandomGenerator rng) {
        int v = encoder.vocab().size();
        return new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(v, o.embedding()), o.unidirectional(), v), compute, rng);
    }

    @Override
    public LanguageModelScores evaluate(ManyToMany model, Stream<Example<Seq, int[]>> data) {
        double[] nats = {0};
        long[] tokens = {0};
        Inputs.batches(data, b -> {
            long n = b.stream().mapToLong(e -> e.y().length).sum();
            nats[0] += model.loss(b.stream().map(Example::x).toList(), b.stream().map(Example::y).toList()) * n;
            tokens[0] += n;
        });
        return new LanguageModelScores(nats[0] / tokens[0], encoder.tokenizer() == Tokenizer.CHARS, tokens[0]);
    }

    /**
     * How {@code predict} continues a prompt: sampled at this temperature, from a random source seeded with
     * {@link #PREDICT_SEED} for each line, so a line always gets the same continuation. Greedy decoding, the most
     * likely token every time, falls into loops on language models ("the sea was the sea was ..."); {@code generate}
     * offers it, beam search, and other temperatures.
     */
    public static final double PREDICT_TEMPERATURE = 0.7;
    public static final long PREDICT_SEED = 1;

    @Override
    public ObjectNode predict(ManyToMany model, String input, Path file, long line) {
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("prompt", input);
        Decoding.Strategy sample = new Decoding.Sample(PREDICT_TEMPERATURE, 0);
        out.put("prediction", generate(model, input, sample, maxLength, new java.util.SplittableRandom(PREDICT_SEED)).get(0).text());
        return out;
    }

    @Override
    public String show(String prompt, String generated) {
        if (encoder.tokenizer() == Tokenizer.CHARS || prompt.isBlank() || generated.isEmpty()) return prompt + generated;
        return prompt.stripTrailing() + " " + generated;
    }

    @Override
    public List<Text> generate(ManyToMany model, String input, Decoding.Strategy strategy, int length, RandomGenerator rng) {
        int[] ids = encoder.vocab().encode(encoder.tokenizer().tokenize(input));
        int[] prompt = new int[ids.length + 1];
        prompt[0] = Vocabulary.BOS;
        System.arraycopy(ids, 0, prompt, 1, ids.length);
        return Text.of(model.generate(prompt, strategy, Vocabulary.EOS, length, rng), encoder);
    }
}
