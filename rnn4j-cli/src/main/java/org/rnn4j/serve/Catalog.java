package org.rnn4j.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rnn4j.io.RunFolder;
import org.rnn4j.model.Model;
import org.rnn4j.model.Models;
import org.rnn4j.task.TaskModel;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Precision;

/**
 * The models a server answers for: every {@code NAME.safetensors} directly inside one folder, loaded once at start.
 * A request names a model by NAME only, looked up in this map, so no request can make the server open any other
 * file; a file whose real path (links resolved) lies outside the folder is not loaded.
 */
public final class Catalog {
    private final Map<String, Served> models;

    private Catalog(Map<String, Served> models) {
        this.models = models;
    }

    /**
     * @param replicas  copies of each model, one per worker
     * @param precision the precision of the weights served ({@link Models#quantize}); a file in a low precision keeps its own
     * @param log       where files that cannot be served are reported, one line each
     */
    public static Catalog load(Path dir, int replicas, Precision precision, PrintStream log) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--models " + dir + ": no such folder");
        Path root = dir.toRealPath();
        Map<String, Served> models = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(RunFolder.EXTENSION)).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            name = name.substring(0, name.length() - RunFolder.EXTENSION.length());
            try {
                if (inside(root, file) == null || !Files.isRegularFile(file)) throw new IllegalArgumentException("not a regular file inside " + root);
                long start = System.nanoTime();
                List<TaskModel<Object, Object, Model<Object, Object>>> copies = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    copies.add(TaskModel.load(file, new Compute(Compute.bestKernels(), 1)));     // requests run side by side, each on one core
                    Models.quantize(copies.get(i).model(), precision);
                }
                models.put(name, Served.of(name, file, copies, (System.nanoTime() - start) / 1e9));
            } catch (Exception | OutOfMemoryError e) {
                log.println("rnn4j serve: skipping " + file.getFileName() + ": " + e.getMessage());
            }
        }
        if (models.isEmpty()) throw new IllegalArgumentException("--models " + dir + ": no model file written by rnn4j train (NAME" + RunFolder.EXTENSION + ") could be loaded");
        return new Catalog(models);
    }

    public Collection<Served> all() { return models.values(); }

    /** The model called {@code name}, or a 404 naming the ones there are. */
    Served get(String name) {
        Served s = models.get(name);
        if (s == null) throw new ApiError(404, "no model named '" + Json.clip(name, 80) + "'; this server has " + String.join(", ", models.keySet()));
        return s;
    }

    /**
     * The PNG and JPEG files in the folder {@code NAME.samples} beside a model file, by name (at most 100): only
     * regular files whose real path, every link resolved, lies inside the models folder.
     *
     * @param model a model file of the catalog, directly inside the models folder (a real path)
     */
    static Map<String, Path> samples(Path model) {
        String name = model.getFileName().toString();
        Path dir = model.resolveSibling(name.substring(0, name.length() - RunFolder.EXTENSION.length()) + ".samples");
        Map<String, Path> found = new TreeMap<>();
        if (inside(model.getParent(), dir) == null || !Files.isDirectory(dir)) return found;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("[A-Za-z0-9._-]+\\.(png|jpg|jpeg)")).sorted()
                    .map(p -> inside(model.getParent(), p)).filter(p -> p != null && Files.isRegularFile(p)).limit(100)
                    .forEach(p -> found.put(p.getFileName().toString(), p));
        } catch (IOException | java.io.UncheckedIOException e) {
            return found;
        }
        return found;
    }

    /**
     * The numbers of a model's training report, in its run folder ({@code NAME.run/report.json} beside
     * {@code NAME.safetensors}), or null; as {@link #samples}, only inside the models folder.
     */
    static Path report(Path model) {
        Path report = inside(model.getParent(), RunFolder.of(model, null).reportJson());
        return report != null && Files.isRegularFile(report) ? report : null;
    }

    /**
     * {@code file} when its real path (every link resolved) lies inside {@code root}, else null: the one check
     * before the server opens any file.
     *
     * @param root the models folder, a real path
     */
    static Path inside(Path root, Path file) {
        try {
            Path real = file.toRealPath();
            return real.startsWith(root) ? file : null;
        } catch (IOException e) {
            return null;
        }
    }
}
