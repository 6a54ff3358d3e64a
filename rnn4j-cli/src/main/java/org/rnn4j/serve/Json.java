package org.rnn4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Request bodies read within the limits, as strict UTF-8 JSON objects, and their fields checked one by one. */
final class Json {
    /** Strict, as the file readers are: one value, no key twice, no NaN, at most 64 levels deep. */
    static final ObjectMapper MAPPER = org.rnn4j.parse.StrictJson.MAPPER;

    private Json() {}

    /** At most {@code max} bytes of a body, or a 413. */
    static byte[] bytes(InputStream body, long max) {
        try (InputStream in = body) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) throw ApiError.tooLarge("the request body is larger than the limit of " + max + " bytes");
            return b;
        } catch (IOException e) {
            throw ApiError.badRequest("the request body could not be read: " + e.getMessage());
        }
    }

    /** A body as one JSON object, or a 400 saying what is wrong with it. */
    static ObjectNode object(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the request body is not valid UTF-8");
        }
        if (text.isBlank()) throw ApiError.badRequest("expected a JSON object in the request body, found an empty body");
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + clip(org.rnn4j.parse.StrictJson.problem(e), 200));
        }
        if (node == null || !node.isObject()) throw ApiError.badRequest("expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        return (ObjectNode) node;
    }

    /** A string field within {@code max} characters; null when absent and not {@code required}. */
    static String text(ObjectNode o, String field, boolean required, int max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiError.badRequest("expected a string field \"" + field + "\"");
            return null;
        }
        if (!v.isTextual()) throw ApiError.badRequest("\"" + field + "\" must be a string, found " + v.getNodeType().toString().toLowerCase());
        String s = v.asText();
        if (s.length() > max) throw ApiError.tooLarge("\"" + field + "\" has " + s.length() + " characters; the limit is " + max);
        return s;
    }

    /** An integer field in [min, max], or {@code fallback} when absent. */
    static int integer(ObjectNode o, String field, int fallback, int min, int max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw ApiError.badRequest("\"" + field + "\" must be an integer from " + min + " to " + max + ", found " + clip(v.toString(), 40));
        }
        return v.asInt();
    }

    /** A number field in (0, max], or null when absent. */
    static Double positive(ObjectNode o, String field, double max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber() || !(v.asDouble() > 0) || v.asDouble() > max) throw ApiError.badRequest("\"" + field + "\" must be a number above 0 and at most " + max + ", found " + clip(v.toString(), 40));
        return v.asDouble();
    }

    static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
