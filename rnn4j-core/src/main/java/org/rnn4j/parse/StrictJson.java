package org.rnn4j.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The one JSON policy for what rnn4j reads: one value and nothing after it, no key twice, no NaN or Infinity, at
 * most 64 levels deep, and when read into a record no unknown field, no null for a number, no fraction for an
 * integer ({@code 35.5} is not a vocabulary size) and no string for a number. Data files, model headers and
 * configs, and the server's requests all use {@link #MAPPER}.
 */
public final class StrictJson {
    public static final ObjectMapper MAPPER = mapper();

    private StrictJson() {}

    private static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return m;
    }

    /**
     * {@code text} as one JSON value.
     *
     * @throws IllegalArgumentException with Jackson's first line of what is wrong, for the caller to prefix with the place
     */
    public static JsonNode tree(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) throw new IllegalArgumentException("no JSON value");
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(problem(e));
        }
    }

    /** What is wrong with the text, in one line a user can act on (Jackson's message without its source excerpt). */
    public static String problem(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (m.startsWith("Trailing token")) return "something follows the first JSON value; give one value (one object per line or request)";
        return m;
    }
}
