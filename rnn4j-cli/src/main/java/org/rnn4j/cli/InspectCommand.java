package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.model.SafeTensors;
import org.rnn4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j inspect}: what a model file holds: kind, config, every tensor's shape, parameter count, provenance. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a model or checkpoint file: layers, shapes, parameters, config, provenance.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (or checkpoint).") Path file;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        Require.readable("MODEL", file);
        SafeTensors.Contents c = SafeTensors.read(file);                  // header, offsets and checksum
        Map<String, String> meta = c.metadata();
        if (org.rnn4j.model.Models.FORMAT.equals(meta.get("format"))) {    // config against tensors, task against model
            if (meta.containsKey("task")) ModelFiles.load(file, 1);
            else org.rnn4j.model.Models.load(file, new org.rnn4j.tensor.Compute(org.rnn4j.tensor.Compute.bestKernels(), 1));
        } else if ("rnn4j-checkpoint".equals(meta.get("format"))) {
            org.rnn4j.task.Checkpoint.metadata(file);
        }
        System.out.printf("file      %s (%,d bytes)%n", file, Files.size(file));
        System.out.printf("format    %s, version %s%n", meta.getOrDefault("format", "safetensors without rnn4j metadata"), meta.getOrDefault("version", "-"));
        if (meta.containsKey("kind")) System.out.printf("kind      %s%n", meta.get("kind"));
        if (meta.containsKey("config")) System.out.printf("config    %s%n", meta.get("config"));
        if (meta.containsKey("task")) {
            JsonNode task = RunSpec.JSON.readTree(meta.get("task"));
            System.out.printf("task      %s %s%n", task.get("task").asText(), summary(task));
        }
        if (meta.containsKey("run")) {
            JsonNode run = RunSpec.JSON.readTree(meta.get("run"));
            System.out.printf("model     %s%n", run.get("architecture"));
            System.out.printf("training  %s%n", run.get("training"));
        }
        if (meta.containsKey("epoch")) {
            System.out.printf("kept      epoch %s, the best by %s; stopped %s%n", meta.get("epoch"), meta.getOrDefault("monitor", "?"), meta.getOrDefault("stopped", "?"));
        }
        System.out.println("\ntensors");
        long total = 0;
        for (var e : c.tensors().entrySet()) {
            Tensor t = e.getValue();
            total += t.size();
            System.out.printf("  %-44s %-16s %,12d%n", e.getKey(), Arrays.toString(t.shape()), t.size());
        }
        System.out.printf("  %-44s %-16s %,12d%n", "total", "", total);
        System.out.println("\nprovenance");
        for (String k : new String[] {"created", "rnn4j_version", "seed", "data", "crc32c"}) {
            if (meta.containsKey(k)) System.out.printf("  %-14s %s%n", k, meta.get(k));
        }
        return 0;
    }

    /** An object's fields, with arrays (vocabularies, label names, statistics) as their sizes, null fields left out. */
    private static String summary(JsonNode object) {
        StringBuilder s = new StringBuilder("{");
        object.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (e.getKey().equals("task") || v.isNull()) return;
            if (s.length() > 1) s.append(", ");
            s.append(e.getKey()).append(' ').append(v.isArray() ? "(" + v.size() + " entries)" : v.isObject() ? summary(v) : v.asText());
        });
        return s.append('}').toString();
    }
}
