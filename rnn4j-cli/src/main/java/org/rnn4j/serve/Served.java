package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.rnn4j.model.Model;
import org.rnn4j.model.Models;
import org.rnn4j.task.Application;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskModel;
import org.rnn4j.tensor.Precision;

/**
 * One model file loaded for serving: its replicas (models keep per-call workspaces, so each request borrows a
 * replica of its own and gives it back), the task that reads its input, and what the page needs to know about it.
 *
 * @param name the file's name without {@code .safetensors}; the only way a request names it
 * @param app  what it does for its user: the page's tab for it and how a request sends it input
 */
public record Served(String name, Path file, Application app, Task<Object, Object, Model<Object, Object>> task, Map<String, String> metadata,
                     BlockingQueue<TaskModel<Object, Object, Model<Object, Object>>> replicas, Version version) {

    /**
     * Which file a served model came from: its checksum (the crc32c every model file carries over its contents), when
     * it was loaded, and how long loading its replicas took.
     */
    public record Version(String checksum, java.time.Instant loaded, double loadSeconds, String stamp) {}

    /**
     * @param copies  the loaded replicas of one file, all alike; @param seconds the time they took to load
     * @param stamp   the file's size, time and key when it was read, to notice when it changes
     */
    static Served of(String name, Path file, List<TaskModel<Object, Object, Model<Object, Object>>> copies, double seconds, String stamp) {
        TaskModel<Object, Object, Model<Object, Object>> first = copies.get(0);
        return new Served(name, file, first.task().application(), first.task(), first.metadata(), new ArrayBlockingQueue<>(copies.size(), false, copies),
                new Version(first.metadata().getOrDefault(org.rnn4j.io.SafeTensors.CHECKSUM, ""), java.time.Instant.now(), seconds, stamp));
    }

    double loadSeconds() { return version.loadSeconds(); }

    /** The precision of the served weights (all replicas alike). */
    public Precision precision() {
        TaskModel<Object, Object, Model<Object, Object>> any = replicas.peek();
        return any == null ? Precision.FLOAT32 : Models.precision(any.model());
    }

    /** Runs {@code job} on a replica no other request is using. */
    <R> R use(Function<TaskModel<Object, Object, Model<Object, Object>>, R> job) {
        TaskModel<Object, Object, Model<Object, Object>> replica;
        try {
            replica = replicas.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the request was cancelled");
        }
        try {
            return job.apply(replica);
        } finally {
            replicas.add(replica);
        }
    }

    /**
     * The recurrent body from the model's config: its cell by the name {@code --cell} takes, and hidden size, layers
     * and directions; empty for a model without one (the bag-of-words baseline).
     */
    private void describeNetwork(ObjectNode out) {
        TaskModel<Object, Object, Model<Object, Object>> any = replicas.peek();
        if (any == null) return;
        com.fasterxml.jackson.databind.JsonNode rnn = Json.MAPPER.valueToTree(any.model().config()).path("rnn");
        if (!rnn.has("cell")) return;
        out.put("cell", org.rnn4j.nn.CellType.parse(rnn.path("cell").asText()).optionName());
        out.put("hidden", rnn.path("hidden").asInt());
        out.put("layers", rnn.path("layers").asInt());
        out.put("bidirectional", rnn.path("bidirectional").asBoolean());
    }

    /** The model as {@code GET /api/v1/models} lists it. */
    ObjectNode describe() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("app", app.id());
        out.put("task", Json.MAPPER.valueToTree(task).path("task").asText());
        out.put("kind", metadata.getOrDefault("kind", ""));
        out.put("precision", precision().name().toLowerCase(java.util.Locale.ROOT));
        describeNetwork(out.putObject("network"));
        task.describeInput(out.putObject("input"));
        task.describeOutput(out.putObject("output"));
        ObjectNode provenance = out.putObject("provenance");
        for (String key : List.of("created", "data", "epoch", "monitor", "stopped", "rnn4j_version")) {
            if (metadata.containsKey(key)) provenance.put(key, metadata.get(key));
        }
        out.put("report", Catalog.report(file) != null);
        out.putObject("version").put("checksum", version.checksum()).put("loaded", version.loaded().toString()).put("load_seconds", version.loadSeconds());
        return out;
    }
}
