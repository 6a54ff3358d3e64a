package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.broadcast.Broadcast;
import org.rnn4j.model.Model;
import org.rnn4j.task.TaskModel;
import org.rnn4j.tensor.Compute;

/**
 * The models an executor holds: a model file arrives once per executor as a broadcast of its bytes, and is loaded
 * into one replica per task running at once (a model keeps per-call workspaces, so tasks never share one).
 * Replicas are kept by application and broadcast: broadcast ids start again at 0 in each SparkContext, so a JVM
 * that runs one context after another (local mode, a long-lived driver) must not take a replica of an earlier
 * context's model for this one's; the replicas of an earlier application are dropped when the next one starts.
 */
final class Replicas {
    private static final Map<String, Queue<TaskModel<Object, Object, Model<Object, Object>>>> FREE = new ConcurrentHashMap<>();
    private static String application = "";

    private Replicas() {}

    /** A replica of the broadcast model no other task is using; give it back with {@link #release}. */
    static TaskModel<Object, Object, Model<Object, Object>> borrow(Broadcast<byte[]> file) {
        TaskModel<Object, Object, Model<Object, Object>> tm = FREE.computeIfAbsent(key(file), id -> new ConcurrentLinkedQueue<>()).poll();
        return tm != null ? tm : load(file.value());
    }

    static void release(Broadcast<byte[]> file, TaskModel<Object, Object, Model<Object, Object>> replica) {
        FREE.computeIfAbsent(key(file), id -> new ConcurrentLinkedQueue<>()).add(replica);
    }

    /** The broadcast within its application; the first use in a new application drops the replicas of the last. */
    private static synchronized String key(Broadcast<byte[]> file) {
        String app = org.apache.spark.SparkEnv.get().conf().getAppId();
        if (!app.equals(application)) {
            FREE.clear();
            application = app;
        }
        return app + "/" + file.id();
    }

    /** A model file's bytes as a model, read through a private temporary file. */
    static TaskModel<Object, Object, Model<Object, Object>> load(byte[] bytes) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-model-", ".safetensors");
            Files.write(tmp, bytes);
            return TaskModel.load(tmp, new Compute(Compute.bestKernels(), 1));      // Spark runs tasks side by side, one core each
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) tmp.toFile().delete();
        }
    }
}
