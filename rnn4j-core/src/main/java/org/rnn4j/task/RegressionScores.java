package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.train.Scores;

/**
 * The scores of a regression, in the units of the targets: mean absolute error and root mean squared error over
 * all outputs, and the mean absolute error of each output ({@code mae_by_output}: for a series forecast of horizon H,
 * the error 1, 2, ..., H steps ahead).
 */
@JsonPropertyOrder({"loss", "mae", "rmse", "examples", "mae_by_output"})
public record RegressionScores(double loss, double mae, double rmse, long examples, @JsonProperty("mae_by_output") double[] maeByOutput) implements Scores {
    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("mae", mae);
        out.put("rmse", rmse);
        return out;
    }
}
