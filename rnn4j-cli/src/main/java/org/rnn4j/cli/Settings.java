package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Encoder;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Task;
import org.rnn4j.train.Training;

/**
 * A run's settings as a person reads them: only those that apply to its task, input and model (no attention on a
 * classifier, no kernel without images), each under the name of its option. The training report shows them as a
 * table and {@code inspect} lists them.
 */
final class Settings {
    private Settings() {}

    /** One setting: its group (data, model, training), the option that sets it, and its value. */
    record Row(String group, String option, String value) {}

    /** The settings of a run of {@code task}, the task as prepared from its training data. */
    static List<Row> of(RunSpec spec, Task<?, ?, ?> task) {
        return of(spec, task.encoder() instanceof Encoder.Words w ? w.tokenizer() : null);
    }

    /** @param tokenizer how the run's input text is read into tokens, or null when the input is vectors or images */
    static List<Row> of(RunSpec spec, Tokenizer tokenizer) {
        boolean tokens = tokenizer != null;
        List<Row> rows = new ArrayList<>();
        DataOptions d = spec.data();
        ModelOptions m = spec.architecture();
        Training t = spec.training();
        String task = spec.task();
        boolean series = task.equals("regress") && d.format() == Format.CSV, images = task.equals("caption") && d.format() == Format.TSV;
        boolean baseline = d.baseline() != null, targetText = task.equals("seq2seq") || task.equals("caption");

        add(rows, "data", "--task", task);
        add(rows, "data", "--train", spec.train());
        add(rows, "data", "--valid", spec.valid() != null ? spec.valid() : spec.validSplit() > 0 ? "1 in " + Math.round(1 / spec.validSplit()) + " examples of --train held out" : "none");
        add(rows, "data", "--format", d.format().name().toLowerCase(Locale.ROOT));
        if (tokens) {
            add(rows, "data", "--tokens", tokenizer.name().toLowerCase(Locale.ROOT));
            add(rows, "data", "--min-count", Integer.toString(d.minCount()));
            add(rows, "data", "--max-vocab", d.maxVocab() == 0 ? "all" : Integer.toString(d.maxVocab()));
        }
        if (targetText && d.targetTokenizer() != null) add(rows, "data", "--target-tokens", d.targetTokenizer().name().toLowerCase(Locale.ROOT));
        if (task.equals("lm")) add(rows, "data", "--max-length", Integer.toString(d.maxLength()));
        if (series) {
            add(rows, "data", "--column", d.column() == null ? "the first" : d.column());
            add(rows, "data", "--window", Integer.toString(d.window()));
            add(rows, "data", "--horizon", Integer.toString(d.horizon()));
        }
        if (images) add(rows, "data", "--image-size", d.imageSize() + " pixels");
        if (!tokens && !images) add(rows, "data", "standardised", d.standardize() ? "yes" : "no (--no-standardize)");
        if (spec.pretrained() != null) add(rows, "data", "--pretrained", spec.pretrained() + (spec.freezeEmbeddings() ? ", frozen" : ""));

        if (baseline) {
            add(rows, "model", "--baseline", d.baseline().name().toLowerCase(Locale.ROOT) + " bag of words, one hidden layer");
            add(rows, "model", "--hidden", Integer.toString(m.hidden()));
        } else {
            add(rows, "model", "--cell", m.cell().optionName());
            add(rows, "model", "--hidden", Integer.toString(m.hidden()));
            add(rows, "model", "--layers", Integer.toString(m.layers()));
            add(rows, "model", "--bidirectional", m.bidirectional() ? "yes" : "no");
            if (tokens) add(rows, "model", "--embedding", Integer.toString(m.embedding()));
            add(rows, "model", "--dropout", fmt(m.dropout()));
            if (m.layers() > 1) add(rows, "model", "--residual", m.stacking().residual() ? "yes" : "no");
            if (m.layers() > 1) add(rows, "model", "--layer-norm", m.stacking().layerNorm() ? "yes" : "no");
            if (m.cell() == CellType.LSTM) add(rows, "model", "--forget-bias", m.forgetBias() == null ? "drawn like the other biases" : fmt(m.forgetBias()));
            if (task.equals("seq2seq")) add(rows, "model", "--attention", m.attention() == null ? "none" : m.attention().name().toLowerCase(Locale.ROOT));
            if (task.equals("classify") || task.equals("regress") || task.equals("qa")) add(rows, "model", "--pooling", m.pooling().name().toLowerCase(Locale.ROOT));
            if (images) {
                add(rows, "model", "--filters", String.join(",", m.filters().stream().map(String::valueOf).toList()));
                add(rows, "model", "--kernel", Integer.toString(m.kernel()));
            }
        }

        add(rows, "training", "--epochs", Integer.toString(t.epochs()));
        add(rows, "training", "--batch", Integer.toString(t.batchSize()));
        add(rows, "training", "--optimizer", t.optimizer().name().toLowerCase(Locale.ROOT));
        add(rows, "training", "--lr", fmt(t.learningRate()));
        add(rows, "training", "--lr-decay", t.lrDecay() == 1 ? "none" : "× " + fmt(t.lrDecay()) + " per epoch");
        add(rows, "training", "--clip", t.clipNorm() == 0 ? "none" : fmt(t.clipNorm()));
        add(rows, "training", "--weight-decay", t.weightDecay() == 0 ? "none" : fmt(t.weightDecay()));
        add(rows, "training", "--monitor", t.monitor().toString());
        add(rows, "training", "--patience", t.patience() == 0 ? "none (every epoch runs)" : t.patience() + " epochs");
        add(rows, "training", "--seed", Long.toString(spec.seed()));
        add(rows, "training", "--threads", spec.threads() == 0 ? "all cores" : Integer.toString(spec.threads()));
        return rows;
    }

    private static void add(List<Row> rows, String group, String option, String value) {
        rows.add(new Row(group, option, value));
    }

    /** A number as written on the command line: 0.002, 5, 1e-05. */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.6g", v);
        return s.contains("e") ? s.replaceAll("\\.?0+e", "e") : s.replaceAll("\\.?0+$", "");
    }
}
