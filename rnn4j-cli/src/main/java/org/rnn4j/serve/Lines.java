package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.task.Format;
import org.rnn4j.task.Source;
import org.rnn4j.task.Task;

/**
 * A request's input as the one line {@code rnn4j predict} would read for the same model, so that the server and the
 * command line read input through the same code: {"text"}, {"story", "question"} (answer) or {"x"} (numbers).
 */
final class Lines {
    private Lines() {}

    static String of(Task<?, ?, ?> task, ObjectNode body, Limits limits) {
        Source source = task.source();
        if (source.tsv() == Source.Tsv.STORY_QUESTION_ANSWER) {
            String story = Json.text(body, "story", true, limits.maxInput()), question = Json.text(body, "question", true, limits.maxInput());
            if (story.isBlank() || question.isBlank()) throw ApiError.badRequest("\"story\" and \"question\" must not be empty");
            return flat(story) + "\t" + flat(question);
        }
        if (source.format() == Format.JSONL || source.format() == Format.CSV) {
            JsonNode x = body.get("x");
            if (x == null) throw ApiError.badRequest("this model reads numbers: expected \"x\", an array of steps, each an array of numbers");
            int count = numbers(x, limits.maxInput());
            if (count == 0) throw ApiError.badRequest("\"x\" holds no numbers");
            if (source.format() == Format.JSONL) return Json.MAPPER.createObjectNode().set("x", x).toString();
            StringBuilder line = new StringBuilder();
            for (JsonNode step : x) line.append(line.isEmpty() ? "" : ",").append(step.isArray() ? step.get(0).asText() : step.asText());
            return line.toString();
        }
        String text = Json.text(body, "text", true, limits.maxInput());
        if (text.isBlank()) throw ApiError.badRequest("\"text\" must not be empty");
        return flat(text);
    }

    /** Line breaks and tabs separate lines and columns; inside one input they are spaces. */
    private static String flat(String s) {
        return s.replaceAll("[\\t\\r\\n\\u2028\\u2029]", " ");
    }

    /** How many numbers {@code x} holds: an array of finite numbers, or of such arrays all of one width. */
    private static int numbers(JsonNode x, int max) {
        if (!x.isArray()) throw ApiError.badRequest("\"x\" must be an array of steps, found " + x.getNodeType().toString().toLowerCase());
        int count = 0, width = -1;
        for (JsonNode step : x) {
            List<JsonNode> values = new ArrayList<>();
            if (step.isArray()) step.forEach(values::add);
            else values.add(step);
            int w = values.size();
            if (width >= 0 && w != width) throw ApiError.badRequest("every step of \"x\" must have the same number of values");
            width = w;
            for (JsonNode v : values) {
                if (!v.isNumber() || !org.rnn4j.parse.Numbers.isFloat32(v.asDouble())) throw ApiError.badRequest("\"x\" must hold only finite float32 numbers (|x| < 3.4e38), found " + Json.clip(v.toString(), 40));
            }
            count += w;
            if (count > max) throw ApiError.tooLarge("\"x\" holds more than the limit of " + max + " numbers");
        }
        return count;
    }
}
