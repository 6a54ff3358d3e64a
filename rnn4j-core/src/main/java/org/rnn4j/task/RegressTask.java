package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.Target;
import org.rnn4j.tensor.Compute;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;

/**
 * regress: a sequence → one or more numbers (a rating, the next values of a series). Reads
 * {@code number<TAB>text} (.tsv), {@code {"x": [[...]], "y": 3.5 or [..]}} (.jsonl), or one column of a CSV time
 * series cut into windows of {@code window} values followed by {@code horizon} values. Targets are standardised
 * with the training mean and deviation ({@code targets}); predictions and MAE / RMSE are in the original units.
 * Model: many-to-one, mean squared error.
 *
 * @param targets the standardisation of the targets [outputs]
 */
public record RegressTask(Source source, Encoder encoder, int outputs, Scaling targets) implements Task<Seq, float[], ManyToOne>, BatchPredicting<ManyToOne> {

    @Override
    public Application application() {
        return Application.REGRESS;
    }

    static RegressTask prepare(Path file, DataOptions o) {
        return (RegressTask) fit(o).over(file);
    }

    static Fit fit(DataOptions o) {
        return new Fit(Source.of(o, Source.Tsv.LABEL_TEXT, "regress reads .tsv (number<TAB>text), .jsonl ({\"x\": [[...]], \"y\": number}) or .csv (a series)",
                Format.TSV, Format.JSONL, Format.CSV), new Encoder.Fit(o.tokenizerOr(Tokenizer.WORDS), o));
    }

    /** What regress learns from its training records: the input encoding, the number of outputs and their scaling. */
    static final class Fit implements Preparation {
        private final Source source;
        private final Encoder.Fit inputs;
        private final Scaling.Fit y = new Scaling.Fit();
        private int outputs;

        Fit(Source source, Encoder.Fit inputs) {
            this.source = source;
            this.inputs = inputs;
        }

        @Override public Source source() { return source; }

        @Override
        public void add(Record r) {
            inputs.add(r);
            float[] v = r.numbers();
            if (outputs == 0) outputs = v.length;
            if (v.length != outputs) throw r.error("\"y\" has " + v.length + " values; the first example has " + outputs);
            y.add(v);
        }

        @Override
        public void merge(Preparation other) {
            Fit o = (Fit) other;
            if (o.outputs > 0 && outputs > 0 && o.outputs != outputs) {
                throw new IllegalArgumentException("\"y\" has " + outputs + " values in one part of the data and " + o.outputs + " in another");
            }
            if (outputs == 0) outputs = o.outputs;
            inputs.merge(o.inputs);
            y.merge(o.y);
        }

        @Override
        public RegressTask result() {
            return new RegressTask(source, inputs.result(), outputs, y.result());
        }
    }

    @Override
    public Stream<Example<Seq, float[]>> read(Path file) {
        return source.read(file).map(r -> {
            float[] y = r.numbers();
            if (y.length != outputs) throw r.error("\"y\" has " + y.length + " values; the model predicts " + outputs);
            return new Example<>(r.line(), encoder.encode(r), targets.apply(y));
        });
    }

    @Override public Vocabulary inputVocabulary() { return encoder.vocabulary(); }

    @Override
    public void describeOutput(ObjectNode output) {
        output.put("values", outputs);
    }

    @Override
    public ManyToOne adopt(Model<?, ?> loaded) {
        ManyToOne m = Tasks.as(loaded, ManyToOne.class, "regress");
        Tasks.reads(encoder, m.config().input());
        Tasks.agree("outputs", outputs, m.config().target().width());
        return m;
    }

    @Override
    public ManyToOne build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new ManyToOne(new ManyToOne.Config(encoder.spec(o.embedding()), o.rnn(), o.pooling(), new Target.Regression(outputs)), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("mae", true); }

    @Override
    public RegressionScores evaluate(ManyToOne model, Stream<Example<Seq, float[]>> data) {
        List<float[]> truth = new ArrayList<>(), predicted = new ArrayList<>();
        double[] loss = {0};
        Inputs.batches(data, b -> {
            loss[0] += Inputs.lossSum(model, b);
            b.forEach(e -> truth.add(targets.invert(e.y())));
            model.predict(b.stream().map(Example::x).toList()).forEach(v -> predicted.add(targets.invert(v)));
        });
        return Metrics.regression(truth, predicted, loss[0] / truth.size());
    }

    @Override
    public ObjectNode predict(ManyToOne model, String input, Path file, long line) {
        return predictOne(model, input, file, line);
    }

    @Override
    public Seq read(String input, Path file, long line) {
        return encoder.encode(source.input(input, file, line), file, line);
    }

    @Override
    public List<ObjectNode> predict(ManyToOne model, List<Seq> inputs) {
        return model.predict(inputs).stream().map(this::show).toList();
    }

    /** The values in the targets' own units. */
    @Override
    public ObjectNode show(float[] standardised) {
        float[] y = targets.invert(standardised);
        ObjectNode out = Inputs.JSON.createObjectNode();
        if (y.length == 1) out.put("prediction", y[0]);
        else {
            var arr = out.putArray("prediction");
            for (float v : y) arr.add(v);
        }
        return out;
    }
}
