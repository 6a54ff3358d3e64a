package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.rnn4j.data.CsvSeries;
import org.rnn4j.data.DataException;
import org.rnn4j.data.JsonlReader;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.TsvReader;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Example;
import org.rnn4j.model.Model;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.Seq;
import org.rnn4j.model.Target;
import org.rnn4j.tensor.Compute;

/**
 * regress: a sequence → real values (a rating from a review, the next values of a series). Reads
 * {@code number<TAB>text} (.tsv), {@code {"x": [[...]], "y": 3.5 or [..]}} (.jsonl), or one column of a CSV time
 * series cut into windows of {@code window} values predicting the next {@code horizon} (.csv). Targets (and a
 * series' inputs) are standardised with the training mean and deviation; predictions and MAE / RMSE are in the
 * original units. Model: many-to-one with a linear head, MSE.
 */
public record RegressTask(Format format, Tokenizer tokenizer, Vocabulary vocab, int features, int outputs, String column, int window, int horizon,
                          float xMean, float xStd, float yMean, float yStd, Scaling scaling) implements Task<Seq, float[], ManyToOne> {

    static RegressTask prepare(Path file, DataOptions o) {
        switch (o.format()) {
            case TSV -> {
                Tokenizer tok = o.tokenizerOr(Tokenizer.WORDS);
                Stats y = new Stats();
                Vocabulary vocab;
                try (var s = TsvReader.labeled(file)) {
                    vocab = Inputs.vocabulary(s.peek(e -> y.add(TsvReader.number(file, e))).map(e -> tok.tokenize(e.text())), o);
                }
                return new RegressTask(Format.TSV, tok, vocab, 0, 1, null, 0, 0, 0, 1, y.mean(), y.std(), null);
            }
            case JSONL -> {
                Stats y = new Stats();
                int[] shape = {0, 0};
                try (var s = JsonlReader.examples(file)) {
                    s.forEach(e -> {
                        float[] v = targets(e);
                        if (shape[0] == 0) shape[0] = e.sequence()[0].length;
                        if (shape[1] == 0) shape[1] = v.length;
                        if (v.length != shape[1]) throw e.error("\"y\" has " + v.length + " values; the first example has " + shape[1]);
                        for (float f : v) y.add(f);
                    });
                }
                return new RegressTask(Format.JSONL, null, null, shape[0], shape[1], null, 0, 0, 0, 1, y.mean(), y.std(), Inputs.scaling(file, o));
            }
            case CSV -> {
                if (o.column() == null) throw new IllegalArgumentException("a CSV time series needs --column (a header name or a 0-based index)");
                if (o.window() < 1 || o.horizon() < 1) throw new IllegalArgumentException("a CSV time series needs --window ≥ 1 and --horizon ≥ 1");
                CsvSeries.Series s = CsvSeries.read(file, o.column());
                Stats v = new Stats();
                for (float f : s.values()) v.add(f);
                return new RegressTask(Format.CSV, null, null, 1, o.horizon(), o.column(), o.window(), o.horizon(), o.standardize() ? v.mean() : 0, o.standardize() ? v.std() : 1, v.mean(), v.std(), null);
            }
            default -> throw new IllegalArgumentException("regress reads .tsv (number<TAB>text), .jsonl ({\"x\": [[...]], \"y\": number}) or .csv (a series), not " + o.format());
        }
    }

    private static float[] targets(JsonlReader.Example e) {
        if (e.y() != null && e.y().isArray()) {
            float[] v = new float[e.y().size()];
            for (int i = 0; i < v.length; i++) {
                if (!e.y().get(i).isNumber()) throw e.error("\"y\" must be a number or an array of numbers");
                v[i] = e.y().get(i).floatValue();
            }
            return v;
        }
        return new float[] {e.number()};
    }

    private float[] scaled(float[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) out[i] = (y[i] - yMean) / yStd;
        return out;
    }

    private float[] unscaled(float[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) out[i] = y[i] * yStd + yMean;
        return out;
    }

    private Seq series(float[][] x) {
        float[][] out = new float[x.length][];
        for (int t = 0; t < x.length; t++) out[t] = new float[] {(x[t][0] - xMean) / xStd};
        return new Seq.Vectors(out);
    }

    @Override
    public Stream<Example<Seq, float[]>> read(Path file) {
        return switch (format) {
            case TSV -> TsvReader.labeled(file).map(e -> new Example<>(e.line(), Inputs.text(tokenizer, vocab, e.text()), scaled(new float[] {TsvReader.number(file, e)})));
            case JSONL -> JsonlReader.examples(file).map(e -> {
                float[] y = targets(e);
                if (y.length != outputs) throw e.error("\"y\" has " + y.length + " values; the model predicts " + outputs);
                return new Example<>(e.line(), Inputs.vectors(e, features, scaling), scaled(y));
            });
            default -> {
                CsvSeries.Series s = CsvSeries.read(file, column);
                int n = s.windows(window, horizon);
                if (n == 0) throw new DataException(file, 1, "has " + s.values().length + " values in column " + column + "; expected at least window + horizon = " + (window + horizon));
                yield IntStream.range(0, n).mapToObj(i -> {
                    CsvSeries.Window w = s.window(i, window, horizon);
                    return new Example<>(w.line(), series(w.x()), scaled(w.y()));
                });
            }
        };
    }

    @Override public Vocabulary inputVocabulary() { return vocab; }


    @Override public ManyToOne adopt(Model<?, ?> loaded) { return Tasks.as(loaded, ManyToOne.class, "regress"); }

    @Override
    public ManyToOne build(ModelOptions o, Compute compute, RandomGenerator rng) {
        return new ManyToOne(new ManyToOne.Config(Inputs.spec(vocab, features, o.embedding()), o.rnn(), Pooling.LAST, new Target.Regression(outputs)), compute, rng);
    }

    @Override public Monitor monitor() { return new Monitor("mae", true); }

    @Override
    public RegressionScores evaluate(ManyToOne model, Stream<Example<Seq, float[]>> data) {
        ManyToOne m = model;
        List<float[]> truth = new ArrayList<>(), predicted = new ArrayList<>();
        double[] loss = {0};
        Inputs.batches(data, b -> {
            List<Seq> x = b.stream().map(Example::x).toList();
            List<float[]> y = b.stream().map(Example::y).toList();
            loss[0] += Inputs.lossSum(m, b);
            y.forEach(v -> truth.add(unscaled(v)));
            m.predict(x).forEach(v -> predicted.add(unscaled(v)));
        });
        return Metrics.regression(truth, predicted, loss[0] / truth.size());
    }

    @Override
    public ObjectNode predict(ManyToOne model, String input, Path file, long line) {
        Seq x = switch (format) {
            case TSV -> {
                String text = input.contains("\t") ? input.substring(input.lastIndexOf('\t') + 1) : input;
                if (text.isBlank()) throw Inputs.noInput(file, line, "text");
                yield Inputs.text(tokenizer, vocab, text);
            }
            case JSONL -> Inputs.vectors(Tasks.jsonLine(input, file, line), features, scaling);
            default -> {
                String[] parts = input.split("[,\\s]+");
                if (input.isBlank() || parts.length < window) throw new DataException(file, line, "expected the last " + window + " values of the series, comma-separated, found " + (input.isBlank() ? 0 : parts.length));
                float[][] w = new float[window][1];
                for (int t = 0; t < window; t++) {
                    String v = parts[parts.length - window + t];
                    try {
                        w[t][0] = Float.parseFloat(v);
                    } catch (NumberFormatException e) {
                        throw new DataException(file, line, "expected a number, found \"" + v + "\"");
                    }
                }
                yield series(w);
            }
        };
        float[] y = unscaled(model.predict(x));
        ObjectNode out = Inputs.JSON.createObjectNode();
        if (y.length == 1) out.put("prediction", y[0]);
        else {
            var arr = out.putArray("prediction");
            for (float v : y) arr.add(v);
        }
        return out;
    }

    /** Running mean and standard deviation (Welford); the deviation is 1 when the values do not vary. */
    static final class Stats {
        private long n;
        private double mean, m2;

        void add(double v) {
            n++;
            double d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }

        float mean() { return (float) mean; }

        float std() {
            double s = n > 1 ? Math.sqrt(m2 / n) : 0;
            return s > 1e-12 ? (float) s : 1f;
        }
    }
}
