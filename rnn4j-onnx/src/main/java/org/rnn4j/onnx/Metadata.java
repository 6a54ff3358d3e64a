package org.rnn4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.parse.StrictJson;

/**
 * What an exported file says about itself in {@code metadata_props}, so that it is usable on its own: the rnn4j
 * model file's metadata under {@code rnn4j.} (kind, config, task, provenance), and from the task the
 * {@code vocabulary} (JSON array, the token of each id), {@code tokenizer}, {@code labels} (JSON array, the class of
 * each output), {@code target_vocabulary}, {@code target_tokenizer} and {@code scaling}, where the task has them.
 */
final class Metadata {
    private Metadata() {}

    static Map<String, String> of(Map<String, String> file) {
        Map<String, String> out = new LinkedHashMap<>();
        String task = file.get("task");
        if (task != null) {
            try {
                JsonNode t = StrictJson.MAPPER.readTree(task);
                put(out, "task", t.path("task"));
                put(out, "vocabulary", t.path("encoder").path("vocab"));
                put(out, "tokenizer", t.path("encoder").path("tokenizer"));
                put(out, "scaling", t.path("encoder").path("scaling"));
                put(out, "labels", t.path("labels"));
                put(out, "target_vocabulary", t.path("target").path("vocab"));
                put(out, "target_tokenizer", t.path("target").path("tokenizer"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("the model's task description is not JSON: " + e.getOriginalMessage());
            }
        }
        file.forEach((k, v) -> {
            if (!k.equals("crc32c")) out.put("rnn4j." + k, v);
        });
        return out;
    }

    private static void put(Map<String, String> out, String key, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) return;
        out.put(key, value.isTextual() ? value.asText() : value.toString());
    }
}
