package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.train.Scores;

/**
 * The scores of generated sequences against references (seq2seq, caption): exact match (the whole sequence right),
 * token error rate (Levenshtein distance over tokens / reference length, over the corpus) and corpus BLEU-4.
 */
@JsonPropertyOrder({"loss", "exact_match", "token_error_rate", "bleu", "examples"})
public record SequenceScores(double loss, @JsonProperty("exact_match") double exactMatch, @JsonProperty("token_error_rate") double tokenErrorRate,
                             double bleu, long examples) implements Scores {
    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("exact_match", exactMatch);
        out.put("token_error_rate", tokenErrorRate);
        out.put("bleu", bleu);
        return out;
    }
}
