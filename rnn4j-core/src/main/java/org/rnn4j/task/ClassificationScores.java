package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.train.Scores;

/**
 * The scores of a classifier or a tagger (one prediction per sequence or per token): accuracy, macro-averaged F1
 * over the classes that occur, per-class precision, recall, F1 and support, and the confusion matrix
 * ({@code confusion[true][predicted]}, rows and columns in the order of {@code labels}).
 */
@JsonPropertyOrder({"loss", "accuracy", "macro_f1", "examples", "per_class", "labels", "confusion"})
public record ClassificationScores(double loss, double accuracy, @JsonProperty("macro_f1") double macroF1, long examples,
                                   @JsonProperty("per_class") Map<String, PerClass> perClass, List<String> labels, long[][] confusion) implements Scores {

    /** One class's scores. */
    @JsonPropertyOrder({"precision", "recall", "f1", "support"})
    public record PerClass(double precision, double recall, double f1, long support) {}

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("accuracy", accuracy);
        out.put("macro_f1", macroF1);
        return out;
    }
}
