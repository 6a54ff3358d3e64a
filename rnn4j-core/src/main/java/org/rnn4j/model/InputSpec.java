package org.rnn4j.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a model's sequences are made of: token ids with a learned embedding, or feature vectors of width F. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = InputSpec.Tokens.class, name = "tokens"), @JsonSubTypes.Type(value = InputSpec.Vectors.class, name = "vectors")})
public sealed interface InputSpec {

    /** The width of the vectors the recurrent layer reads: E or F. */
    int width();

    /** @param vocab V, @param embedding E */
    record Tokens(int vocab, int embedding) implements InputSpec {
        public Tokens {
            if (vocab < 1 || embedding < 1) throw new IllegalArgumentException("token input needs vocab ≥ 1 and embedding ≥ 1, got " + vocab + ", " + embedding);
        }

        @Override public int width() { return embedding; }
    }

    /** @param features F */
    record Vectors(int features) implements InputSpec {
        public Vectors {
            if (features < 1) throw new IllegalArgumentException("vector input needs features ≥ 1, got " + features);
        }

        @Override public int width() { return features; }
    }
}
