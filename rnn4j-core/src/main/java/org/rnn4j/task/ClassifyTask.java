package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.JsonlReader;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.TsvReader;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Example;
import org.rnn4j.model.Model;
import org.rnn4j.model.SequenceToVector;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.OneToOne;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.Seq;
import org.rnn4j.model.Target;
import org.rnn4j.tensor.Compute;

/**
 * classify: a sequence → one of the classes seen in training (sentiment, topic, spam). Reads {@code label<TAB>text}
 * (.tsv, tokens through a vocabulary) or {@code {"x": [[...], ...], "y": "class"}} (.jsonl, feature vectors).
 * Model: many-to-one, softmax over the classes; or, with a {@code baseline} weighting, the one-to-one
 * {@link BagOfWordsModel} on the same text.
 */
public record ClassifyTask(Format format, Tokenizer tokenizer, Vocabulary vocab, int features, Labels labels,
                           BagOfWordsModel.Weighting baseline, float[] idf, Scaling scaling) implements Task<Seq, float[], SequenceToVector> {

    static ClassifyTask prepare(Path file, DataOptions o) {
        if (o.format() == Format.TSV) {
            Tokenizer tok = o.tokenizerOr(Tokenizer.WORDS);
            java.util.Set<String> names = new java.util.TreeSet<>();
            Vocabulary vocab;
            try (var s = TsvReader.labeled(file)) {
                vocab = Inputs.vocabulary(s.peek(e -> names.add(e.label())).map(e -> tok.tokenize(e.text())), o);
            }
            float[] idf = null;
            if (o.baseline() == BagOfWordsModel.Weighting.TFIDF) {
                try (var s = TsvReader.labeled(file)) {
                    idf = org.rnn4j.data.BagOfWords.TfIdf.fit(s.map(e -> vocab.encode(tok.tokenize(e.text())))::iterator, vocab.size()).idf();
                }
            }
            return new ClassifyTask(Format.TSV, tok, vocab, 0, atLeastTwo(file, names), o.baseline(), idf, null);
        }
        if (o.format() == Format.JSONL) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            int[] width = {0};
            try (var s = JsonlReader.examples(file)) {
                s.forEach(e -> {
                    names.add(e.label());
                    if (width[0] == 0) width[0] = e.sequence()[0].length;
                });
            }
            if (o.baseline() != null) throw new IllegalArgumentException("--baseline reads text (.tsv); a .jsonl file already holds vectors");
            return new ClassifyTask(Format.JSONL, null, null, width[0], atLeastTwo(file, names), null, null, Inputs.scaling(file, o));
        }
        throw new IllegalArgumentException("classify reads .tsv (label<TAB>text) or .jsonl ({\"x\": [[...]], \"y\": \"class\"}), not " + o.format());
    }

    private static Labels atLeastTwo(Path file, java.util.Set<String> names) {
        if (names.size() < 2) throw new IllegalArgumentException(file + ": classify needs at least 2 classes in the training data, found " + names);
        return Labels.of(names);
    }

    @Override
    public Stream<Example<Seq, float[]>> read(Path file) {
        if (format == Format.TSV) {
            return TsvReader.labeled(file).map(e -> new Example<>(e.line(), Inputs.text(tokenizer, vocab, e.text()), new float[] {labels.id(e.label(), file, e.line())}));
        }
        return JsonlReader.examples(file).map(e -> new Example<>(e.line(), Inputs.vectors(e, features, scaling), new float[] {labels.id(e.label(), file, e.line())}));
    }

    @Override public Vocabulary inputVocabulary() { return vocab; }


    @Override
    public SequenceToVector build(ModelOptions o, Compute compute, RandomGenerator rng) {
        if (baseline != null) {
            var net = new OneToOne(new OneToOne.Config(vocab.size(), List.of(o.hidden()), new Target.Classes(Math.max(2, labels.size()))), compute, rng);
            return new BagOfWordsModel(net, baseline, idf);
        }
        return new ManyToOne(new ManyToOne.Config(Inputs.spec(vocab, features, o.embedding()), o.rnn(), Pooling.LAST, new Target.Classes(Math.max(2, labels.size()))), compute, rng);
    }

    @Override
    public SequenceToVector adopt(Model<?, ?> loaded) {
        return loaded instanceof OneToOne net ? new BagOfWordsModel(net, baseline, idf) : Tasks.as(loaded, ManyToOne.class, "classify");
    }

    private static List<float[]> predict(SequenceToVector model, List<Seq> x) {
        return model instanceof BagOfWordsModel b ? b.predict(x) : ((ManyToOne) model).predict(x);
    }

    @Override public Monitor monitor() { return new Monitor("accuracy", true); }

    @Override
    public ClassificationScores evaluate(SequenceToVector model, Stream<Example<Seq, float[]>> data) {
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        double[] loss = {0};
        Inputs.batches(data, b -> {
            List<Seq> x = b.stream().map(Example::x).toList();
            List<float[]> y = b.stream().map(Example::y).toList();
            loss[0] += Inputs.lossSum(model, b);
            for (int i = 0; i < b.size(); i++) truth.add((int) y.get(i)[0]);
            for (float[] p : model.predict(x)) predicted.add(argmax(p));
        });
        return Metrics.classification(truth, predicted, labels.names(), loss[0] / truth.size());
    }

    @Override
    public ObjectNode predict(SequenceToVector model, String input, Path file, long line) {
        Seq x;
        if (format == Format.TSV) {
            String text = input.contains("\t") ? input.substring(input.lastIndexOf('\t') + 1) : input;
            if (text.isBlank()) throw Inputs.noInput(file, line, "text to classify");
            x = Inputs.text(tokenizer, vocab, text);
        } else {
            x = Inputs.vectors(Tasks.jsonLine(input, file, line), features, scaling);
        }
        float[] p = model.predict(List.of(x)).get(0);
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("prediction", labels.name(argmax(p)));
        ObjectNode probs = out.putObject("probabilities");
        for (int c = 0; c < labels.size(); c++) probs.put(labels.name(c), p[c]);
        return out;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
