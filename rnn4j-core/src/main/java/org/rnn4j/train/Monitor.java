package org.rnn4j.train;

import java.util.List;
import java.util.Locale;

/**
 * The score that chooses the best epoch and stops training early, named as Keras names it: {@code val_accuracy}
 * is the validation accuracy, {@code loss} (or {@code train_loss}) the mean training loss of the epoch. Losses and
 * error rates improve downwards, accuracies, F1 and BLEU upwards.
 *
 * @param metric     the score's name in {@link Scores#scalars()} ({@code loss}, {@code accuracy}, {@code bpc}, ...)
 * @param validation true for the score on the validation data, false for the training loss
 */
public record Monitor(String metric, boolean validation) {
    /** The scores that improve as they grow; every other score improves as it falls. */
    static final List<String> HIGHER_IS_BETTER = List.of("accuracy", "macro_f1", "exact_match", "bleu", "sacrebleu", "chrf");
    /** Every validation score some task reports. */
    static final List<String> KNOWN = List.of("loss", "accuracy", "macro_f1", "exact_match", "bleu", "sacrebleu", "chrf", "token_error_rate", "mae", "rmse",
            "perplexity", "bpc", "bits_per_token", "cross_entropy");

    public static final Monitor TRAIN_LOSS = new Monitor("loss", false);
    public static final Monitor VAL_LOSS = new Monitor("loss", true);

    public Monitor {
        if (!validation && !metric.equals("loss")) throw new IllegalArgumentException("only the loss is scored on the training data; monitor val_" + metric);
    }

    /** {@code val_accuracy}, {@code val_loss}, {@code loss}, {@code train_loss}, ... */
    public static Monitor parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("loss") || n.equals("train_loss")) return TRAIN_LOSS;
        if (n.startsWith("val_") && KNOWN.contains(n.substring(4))) return new Monitor(n.substring(4), true);
        throw new IllegalArgumentException("cannot monitor \"" + name + "\"; expected loss or one of " + KNOWN.stream().map(k -> "val_" + k).toList());
    }

    public boolean higherIsBetter() {
        return HIGHER_IS_BETTER.contains(metric);
    }

    /** True when {@code score} improves on {@code best} (NaN never does; anything finite beats NaN). */
    public boolean improves(double score, double best) {
        if (Double.isNaN(score)) return false;
        if (Double.isNaN(best)) return true;
        return higherIsBetter() ? score > best : score < best;
    }

    @Override
    public String toString() {
        return validation ? "val_" + metric : "loss";
    }
}
