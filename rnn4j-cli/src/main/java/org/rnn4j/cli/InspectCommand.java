package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.io.SafeTensors;
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
        SafeTensors.Header header = SafeTensors.header(file);             // shapes and offsets against the file's length; no data read
        Map<String, String> meta = header.metadata();
        String format = meta.get("format");
        if (org.rnn4j.model.Models.FORMAT.equals(format)) {                // config against the header, then checksum, task against model
            if (meta.containsKey("task")) ModelFiles.load(file, 1);
            else org.rnn4j.model.Models.load(file, new org.rnn4j.tensor.Compute(org.rnn4j.tensor.Compute.bestKernels(), 1));
        } else if ("rnn4j-checkpoint".equals(format)) {
            org.rnn4j.train.Checkpoint.metadata(file);
        } else if (format != null && format.toLowerCase(java.util.Locale.ROOT).startsWith("rnn4j")) {
            throw new org.rnn4j.io.ModelFileException(file, "has format \"" + format + "\"; rnn4j writes \"rnn4j\" (models) and \"rnn4j-checkpoint\", exactly so (a hand-edited header?)");
        } else {
            SafeTensors.read(file);                                        // a plain safetensors file: its data against its header
        }
        System.out.printf("file      %s (%,d bytes)%n", file, Files.size(file));
        System.out.printf("format    %s, version %s%n", meta.getOrDefault("format", "safetensors without rnn4j metadata"), meta.getOrDefault("version", "-"));
        if (meta.containsKey("precision")) System.out.printf("precision %s weights (biases float32)%n", meta.get("precision"));
        if (meta.containsKey("kind")) System.out.printf("kind      %s%n", meta.get("kind"));
        if (meta.containsKey("config")) System.out.printf("config    %s%n", meta.get("config"));
        if (meta.containsKey("task")) {
            JsonNode task = RunSpec.JSON.readTree(meta.get("task"));
            System.out.printf("task      %s %s%n", task.get("task").asText(), summary(task));
        }
        if (meta.containsKey("run") && meta.containsKey("task")) {
            RunSpec run = RunSpec.fromJson(meta.get("run"));
            System.out.println("\nsettings (those that apply to this run)");
            for (Settings.Row r : Settings.of(run, org.rnn4j.task.Tasks.fromJson(meta.get("task")))) System.out.printf("  %-9s %-18s %s%n", r.group(), r.option(), r.value());
        }
        if (meta.containsKey("epoch")) {
            System.out.printf("kept      epoch %s, the best by %s; stopped %s%n", meta.get("epoch"), meta.getOrDefault("monitor", "?"), meta.getOrDefault("stopped", "?"));
        }
        System.out.println("\ntensors");
        long total = 0;
        for (var e : header.shapes().entrySet()) {
            long size = Arrays.stream(e.getValue()).asLongStream().reduce(1, (a, b) -> a * b);
            total += size;
            System.out.printf("  %-44s %-4s %-16s %,12d%n", e.getKey(), header.dtypes().get(e.getKey()), Arrays.toString(e.getValue()), size);
        }
        System.out.printf("  %-44s %-4s %-16s %,12d%n", "total", "", "", total);
        System.out.println("\nprovenance");
        for (String k : new String[] {"created", "rnn4j_version", "trained_by", "seed", "data", "crc32c"}) {
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
