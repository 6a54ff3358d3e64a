package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.Scores;

/** The scores of a regression, in the units of the targets: mean absolute error and root mean squared error. */
@JsonPropertyOrder({"loss", "mae", "rmse", "examples"})
public record RegressionScores(double loss, double mae, double rmse, long examples) implements Scores {
    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("mae", mae);
        out.put("rmse", rmse);
        return out;
    }
}
