package org.rnn4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * JSON Lines of already-vectorised examples, one object per line: {@code {"x": [[...], ...], "y": ...}}.
 * {@code x} is a sequence of feature vectors (sensor readings, the rows of an image), all of one width, or for
 * one-to-many models a single vector {@code [...]}. {@code y} is a number (regression), a class name (string or
 * integer), or an array (one tag or number per step, or a caption's text in {@code "y": "a dog runs"}).
 */
public final class JsonlReader {
    /** Strict JSON: one value per line (nothing after it), no key twice. */
    private static final ObjectMapper JSON = org.rnn4j.parse.StrictJson.MAPPER;

    private JsonlReader() {}

    /** One example and where it came from. */
    public record Example(Path file, long line, JsonNode x, JsonNode y) {

        /** x as a sequence [T][F]: a non-empty array of arrays of numbers, every row of the same width. */
        public float[][] sequence() {
            if (x == null || !x.isArray() || x.isEmpty()) throw error("\"x\" must be a non-empty array of arrays of numbers, found " + kind(x));
            float[][] out = new float[x.size()][];
            for (int t = 0; t < out.length; t++) {
                JsonNode row = x.get(t);
                if (!row.isArray()) throw error("\"x\" must be an array of arrays of numbers; step " + t + " is " + kind(row));
                out[t] = numbers(row, "\"x\" step " + t);
                if (out[t].length != out[0].length) throw error("ragged \"x\": step " + t + " has " + out[t].length + " numbers, step 0 has " + out[0].length);
            }
            if (out[0].length == 0) throw error("\"x\" rows are empty; expected at least one feature per step");
            return out;
        }

        /** x as one feature vector [F]. */
        public float[] vector() {
            if (x == null || !x.isArray() || x.isEmpty()) throw error("\"x\" must be a non-empty array of numbers, found " + kind(x));
            return numbers(x, "\"x\"");
        }

        /** y as a number. */
        public float number() {
            if (y == null || !y.isNumber()) throw error("\"y\" must be a number, found " + kind(y));
            return finite(y, "\"y\"");
        }

        /** y as one or more numbers: a number, or an array of numbers. */
        public float[] values() {
            if (y != null && y.isArray()) return numbers(y, "\"y\"");
            return new float[] {number()};
        }

        /** y as a class name: a string, or an integer written as a number. */
        public String label() {
            if (y != null && (y.isTextual() || y.isIntegralNumber()) && !y.asText().isBlank()) return y.asText();
            throw error("\"y\" must be a class name (a string or an integer), found " + kind(y));
        }

        /** y as a sequence of names (one tag per step). */
        public List<String> labels() {
            if (y == null || !y.isArray()) throw error("\"y\" must be an array of tags, found " + kind(y));
            List<String> out = new ArrayList<>();
            for (JsonNode v : y) {
                if (!(v.isTextual() || v.isIntegralNumber())) throw error("\"y\" must be an array of tags (strings), found an element that is " + kind(v));
                out.add(v.asText());
            }
            return out;
        }

        /** y as text (a caption). */
        public String text() {
            if (y == null || !y.isTextual() || y.asText().isBlank()) throw error("\"y\" must be a non-empty string, found " + kind(y));
            return y.asText();
        }

        private float[] numbers(JsonNode a, String what) {
            float[] out = new float[a.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode v = a.get(i);
                if (!v.isNumber()) throw error(what + " must hold numbers; element " + i + " is " + kind(v));
                out[i] = finite(v, what + " element " + i);
            }
            return out;
        }

        /** A JSON number as a float32, which must be finite: 1e39 overflows it, and NaN or infinity are no data. */
        private float finite(JsonNode v, String what) {
            float f = v.floatValue();
            if (!Float.isFinite(f)) throw error(what + " is " + v.asText() + ", which is not a finite float32 (|x| < 3.4e38)");
            return f;
        }

        public DataException error(String problem) {
            return new DataException(file, line, problem);
        }
    }

    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) return "missing";
        if (v.isNull()) return "null";
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        return "an object";
    }

    public static Stream<Example> examples(Path file) {
        return Records.of(file, l -> l.text().isBlank() ? null : parse(l.text(), file, l.number()), "one JSON object {\"x\": ..., \"y\": ...} per line");
    }

    /** One line of JSON Lines; {@code y} may be absent (input to predict). */
    public static Example parse(String text, Path file, long line) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataException(file, line, "expected a JSON object {\"x\": ..., \"y\": ...}: " + org.rnn4j.parse.StrictJson.problem(e));
        }
        if (node == null || !node.isObject()) throw new DataException(file, line, "expected a JSON object {\"x\": ..., \"y\": ...}, found " + kind(node));
        if (!node.has("x")) throw new DataException(file, line, "missing field \"x\"; expected {\"x\": ..., \"y\": ...}");
        return new Example(file, line, node.get("x"), node.get("y"));
    }
}
