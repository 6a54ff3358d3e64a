package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.train.Scores;

/**
 * The scores of a language model over every predicted token: the cross-entropy in nats (the loss), perplexity,
 * and the same in bits per token, named {@code bpc} (bits per character) when the tokens are characters.
 */
@JsonPropertyOrder({"loss", "cross_entropy", "perplexity"})
public record LanguageModelScores(double loss, @JsonIgnore boolean characters, long tokens) implements Scores {

    public double perplexity() {
        return Math.exp(loss);
    }

    public double bitsPerToken() {
        return loss / Math.log(2);
    }

    /** The scores by their JSON names, in order. */
    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", loss);
        out.put("cross_entropy", loss);
        out.put("perplexity", perplexity());
        out.put(characters ? "bpc" : "bits_per_token", bitsPerToken());
        return out;
    }

    @JsonAnyGetter
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>(scalars());
        out.remove("loss");
        return out;
    }
}
