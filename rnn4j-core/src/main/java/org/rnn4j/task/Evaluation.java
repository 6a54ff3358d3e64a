package org.rnn4j.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.model.Scores;

/**
 * What {@link Task#evaluate} reports, in the order {@code rnn4j evaluate --json} prints it: the scalar scores that a
 * {@link org.rnn4j.model.Monitor} can watch, then the details (per-class scores, labels, confusion matrix).
 */
public record Evaluation(Map<String, Object> all) implements Scores {
    /** Counts, not scores: never monitored. */
    private static final java.util.Set<String> COUNTS = java.util.Set.of("examples", "tokens");

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (all.get("loss") instanceof Number n) out.put("loss", n.doubleValue());
        all.forEach((k, v) -> {
            if (v instanceof Number n && !COUNTS.contains(k)) out.putIfAbsent(k, n.doubleValue());
        });
        return out;
    }
}
