package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.train.Scores;

/**
 * The scores of generated sequences against references (seq2seq, caption): exact match (the whole sequence right),
 * token error rate (Levenshtein distance over tokens / reference length, over the corpus) and corpus BLEU-4 over the
 * model's tokens (0-1); and of the texts the tokens spell, sacreBLEU's corpus BLEU and chrF (0-100, {@link SacreBleu}).
 */
@JsonPropertyOrder({"loss", "exact_match", "token_error_rate", "bleu", "sacrebleu", "chrf", "examples"})
public record SequenceScores(double loss, @JsonProperty("exact_match") double exactMatch, @JsonProperty("token_error_rate") double tokenErrorRate,
                             double bleu, double sacrebleu, double chrf, long examples) implements Scores {
    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("exact_match", exactMatch);
        out.put("token_error_rate", tokenErrorRate);
        out.put("bleu", bleu);
        out.put("sacrebleu", sacrebleu);
        out.put("chrf", chrf);
        return out;
    }
}
