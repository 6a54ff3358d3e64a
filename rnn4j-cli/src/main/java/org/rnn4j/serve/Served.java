package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.rnn4j.model.Model;
import org.rnn4j.task.CaptionTask;
import org.rnn4j.task.ClassifyTask;
import org.rnn4j.task.LanguageModelTask;
import org.rnn4j.task.Seq2SeqTask;
import org.rnn4j.task.Source;
import org.rnn4j.task.TagTask;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskModel;

/**
 * One model file loaded for serving: its replicas (models keep per-call workspaces, so each request borrows a
 * replica of its own and gives it back), the task that reads its input, and what the page needs to know about it.
 *
 * @param name the file's name without {@code .safetensors}; the only way a request names it
 * @param app  the page's tab for it: classify, answer, complete, translate, caption, tag or regress
 */
public record Served(String name, Path file, String app, Task<Object, Object, Model<Object, Object>> task, Map<String, String> metadata,
                     BlockingQueue<TaskModel<Object, Object, Model<Object, Object>>> replicas) {

    /** @param copies the loaded replicas of one file, all alike */
    static Served of(String name, Path file, List<TaskModel<Object, Object, Model<Object, Object>>> copies) {
        TaskModel<Object, Object, Model<Object, Object>> first = copies.get(0);
        return new Served(name, file, app(first.task()), first.task(), first.metadata(), new ArrayBlockingQueue<>(copies.size(), false, copies));
    }

    private static String app(Task<?, ?, ?> task) {
        if (task instanceof ClassifyTask c) return c.source().tsv() == Source.Tsv.STORY_QUESTION_ANSWER ? "answer" : "classify";
        if (task instanceof LanguageModelTask) return "complete";
        if (task instanceof Seq2SeqTask) return "translate";
        if (task instanceof CaptionTask) return "caption";
        if (task instanceof TagTask) return "tag";
        return "regress";
    }

    /** The task, for telling its kind. */
    Task<?, ?, ?> kind() {
        return task;
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

    /** The model as {@code GET /api/v1/models} lists it. */
    ObjectNode describe() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("app", app);
        out.put("task", Json.MAPPER.valueToTree(task).path("task").asText());
        out.put("kind", metadata.getOrDefault("kind", ""));
        task.describeInput(out.putObject("input"));
        task.describeOutput(out.putObject("output"));
        ObjectNode provenance = out.putObject("provenance");
        for (String key : List.of("created", "data", "epoch", "monitor", "stopped", "rnn4j_version")) {
            if (metadata.containsKey(key)) provenance.put(key, metadata.get(key));
        }
        out.put("report", Catalog.report(file) != null);
        return out;
    }
}
