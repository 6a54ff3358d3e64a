package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.BagOfWords;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.OneToOne;
import org.rnn4j.model.SequenceToVector;
import org.rnn4j.model.Target;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;

/**
 * classify: a sequence → one of the classes seen in training (sentiment, topic, spam). Reads {@code label<TAB>text}
 * (.tsv, tokens through a vocabulary) or {@code {"x": [[...], ...], "y": "class"}} (.jsonl, feature vectors).
 * Model: many-to-one, softmax over the classes; or, with a {@code baseline} weighting, the one-to-one
 * {@link BagOfWordsModel} on the same text.
 */
public record ClassifyTask(Source source, Encoder encoder, Labels labels, BagOfWordsModel.Weighting baseline, float[] idf)
        implements Task<Seq, float[], SequenceToVector>, Labelled, BatchPredicting<SequenceToVector> {

    @Override
    public Application application() {
        return source.tsv() == Source.Tsv.STORY_QUESTION_ANSWER ? Application.ANSWER : Application.CLASSIFY;
    }

    static ClassifyTask prepare(Path file, DataOptions o) {
        return prepare(file, o, texts(o));
    }

    /**
     * qa: classification of (story, question) pairs by their answer, read from {@code story<TAB>question<TAB>answer}
     * (.tsv) as the question, a separator and the story ({@link Input.Question}).
     */
    static ClassifyTask prepareQuestions(Path file, DataOptions o) {
        return prepare(file, o, questions(o));
    }

    /** An empty preparation of classify; not for the TF-IDF baseline, whose weights need a second pass. */
    static Fit fit(DataOptions o) {
        return new Fit(texts(o), single(o));
    }

    /** An empty preparation of qa; not for the TF-IDF baseline. */
    static Fit fitQuestions(DataOptions o) {
        return new Fit(questions(o), single(o));
    }

    private static Source texts(DataOptions o) {
        return Source.of(o, Source.Tsv.LABEL_TEXT, "classify reads .tsv (label<TAB>text) or .jsonl ({\"x\": [[...]], \"y\": \"class\"})", Format.TSV, Format.JSONL);
    }

    private static Source questions(DataOptions o) {
        return Source.of(o, Source.Tsv.STORY_QUESTION_ANSWER, "qa reads .tsv (story<TAB>question<TAB>answer)", Format.TSV);
    }

    private static DataOptions single(DataOptions o) {
        if (o.baseline() == BagOfWordsModel.Weighting.TFIDF) throw new IllegalArgumentException("the TF-IDF baseline needs a second pass over the training file; prepare it from the file");
        return o;
    }

    private static ClassifyTask prepare(Path file, DataOptions o, Source source) {
        ClassifyTask task = (ClassifyTask) new Fit(source, o).over(file);
        if (o.baseline() != BagOfWordsModel.Weighting.TFIDF || !(task.encoder() instanceof Encoder.Words words)) return task;
        try (Stream<Record> s = source.read(file)) {
            float[] idf = BagOfWords.TfIdf.fit(s.map(r -> words.ids(r.input(), file, r.line()))::iterator, words.vocab().size()).idf();
            return new ClassifyTask(source, task.encoder(), task.labels(), task.baseline(), idf);
        }
    }

    /** What classify and qa learn from their training records: the input encoding and the class names. */
    static final class Fit implements Preparation {
        private final Source source;
        private final DataOptions options;
        private final Encoder.Fit inputs;
        private final Set<String> names = new TreeSet<>();

        Fit(Source source, DataOptions o) {
            this.source = source;
            this.options = o;
            this.inputs = new Encoder.Fit(o.tokenizerOr(Tokenizer.WORDS), o);
        }

        @Override public Source source() { return source; }

        @Override
        public void add(Record r) {
            inputs.add(r);
            names.add(r.label());
        }

        @Override
        public void merge(Preparation other) {
            Fit o = (Fit) other;
            inputs.merge(o.inputs);
            names.addAll(o.names);
        }

        /** The task; for the TF-IDF baseline without its weights, which {@link #prepare} adds. */
        @Override
        public ClassifyTask result() {
            if (names.size() < 2) throw new IllegalArgumentException("classify needs at least 2 classes in the training data, found " + names);
            Encoder encoder = inputs.result();
            if (options.baseline() != null && !(encoder instanceof Encoder.Words)) throw new IllegalArgumentException("--baseline reads text (.tsv); a .jsonl file already holds vectors");
            return new ClassifyTask(source, encoder, Labels.of(names), options.baseline(), null);
        }
    }

    @Override
    public Stream<Example<Seq, float[]>> read(Path file) {
        return source.read(file).map(r -> new Example<>(r.line(), encoder.encode(r), new float[] {labels.id(r.label(), file, r.line())}));
    }

    @Override public Vocabulary inputVocabulary() { return encoder.vocabulary(); }

    @Override
    public void describeOutput(ObjectNode output) {
        labels.names().forEach(output.putArray("labels")::add);
    }

    @Override
    public SequenceToVector build(ModelOptions o, Compute compute, RandomGenerator rng) {
        Target.Classes classes = new Target.Classes(labels.size());
        if (baseline != null) return new BagOfWordsModel(new OneToOne(new OneToOne.Config(encoder.vocabulary().size(), List.of(o.hidden()), classes), compute, rng), baseline, idf);
        return new ManyToOne(new ManyToOne.Config(encoder.spec(o.embedding()), o.rnn(), o.pooling(), classes), compute, rng);
    }

    @Override
    public SequenceToVector adopt(Model<?, ?> loaded) {
        if (loaded instanceof OneToOne net) {
            Tasks.agree("input tokens", encoder.vocabulary() == null ? 0 : encoder.vocabulary().size(), net.config().features());
            Tasks.agree("classes", labels.size(), net.config().target().width());
            return new BagOfWordsModel(net, baseline, idf);
        }
        ManyToOne m = Tasks.as(loaded, ManyToOne.class, "classify");
        Tasks.reads(encoder, m.config().input());
        Tasks.agree("classes", labels.size(), m.config().target().width());
        return m;
    }

    @Override public Monitor monitor() { return new Monitor("accuracy", true); }

    @Override
    public ClassificationScores evaluate(SequenceToVector model, Stream<Example<Seq, float[]>> data) {
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        double[] loss = {0};
        Inputs.batches(data, b -> {
            loss[0] += Inputs.lossSum(model, b);
            for (Example<Seq, float[]> e : b) truth.add((int) e.y()[0]);
            for (float[] p : model.predict(b.stream().map(Example::x).toList())) predicted.add(argmax(p));
        });
        return Metrics.classification(truth, predicted, labels.names(), loss[0] / truth.size());
    }

    @Override
    public ObjectNode predict(SequenceToVector model, String input, Path file, long line) {
        return predictOne(model, input, file, line);
    }

    @Override
    public Seq read(String input, Path file, long line) {
        return encoder.encode(source.input(input, file, line), file, line);
    }

    @Override
    public List<ObjectNode> predict(SequenceToVector model, List<Seq> inputs) {
        return model.predict(inputs).stream().map(this::show).toList();
    }

    /** The label of the likeliest class and every class's probability. */
    @Override
    public ObjectNode show(float[] p) {
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
