package org.rnn4j.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * The models a server answers for: every {@code NAME.safetensors} directly inside one folder, loaded at start and
 * again whenever its file changes ({@link #reload}). A request names a model by NAME only, looked up in this map, so
 * no request can make the server open any other file; a file whose real path (links resolved) lies outside the
 * folder is not loaded.
 */
public final class Catalog {
    private final Path root;
    private final int replicas;
    private final Precision precision;
    private final Map<String, Served> models = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, String> errors = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> failed = new java.util.concurrent.ConcurrentHashMap<>();      // the stamp of each file that failed, tried once

    private Catalog(Path root, int replicas, Precision precision) {
        this.root = root;
        this.replicas = replicas;
        this.precision = precision;
    }

    /**
     * @param replicas  copies of each model, one per worker
     * @param precision the precision of the weights served ({@link Models#quantize}); a file in a low precision keeps its own
     * @param log       where files that cannot be served are reported, one line each
     */
    public static Catalog load(Path dir, int replicas, Precision precision, PrintStream log) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--models " + dir + ": no such folder");
        Catalog c = new Catalog(dir.toRealPath(), replicas, precision);
        c.reload(log);
        if (c.models.isEmpty()) throw new IllegalArgumentException("--models " + dir + ": no model file written by rnn4j train (NAME" + RunFolder.EXTENSION + ") could be loaded");
        return c;
    }

    /**
     * Loads every model file that is new or changed since it was loaded (its size, time or file key differ), and
     * serves it in place of the old one; requests already running finish on the old one. A file that cannot be
     * loaded leaves the model it would replace serving, and is reported in {@code log} and by {@link #error}. A model
     * whose file was removed is no longer served (a file replaced by renaming a new one over it never is).
     *
     * @return the names of the models loaded anew
     */
    List<String> reload(PrintStream log) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(RunFolder.EXTENSION)).sorted().toList();
        }
        List<String> loaded = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            name = name.substring(0, name.length() - RunFolder.EXTENSION.length());
            String stamp = stamp(file);
            Served old = models.get(name);
            if (stamp == null || old != null && stamp.equals(old.version().stamp()) || stamp.equals(failed.get(name))) continue;
            try {
                if (inside(root, file) == null || !Files.isRegularFile(file)) throw new IllegalArgumentException("not a regular file inside " + root);
                long start = System.nanoTime();
                List<TaskModel<Object, Object, Model<Object, Object>>> copies = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    copies.add(TaskModel.load(file, new Compute(Compute.bestKernels(), 1)));     // requests run side by side, each on one core
                    Models.quantize(copies.get(i).model(), precision);
                }
                if (!stamp.equals(stamp(file))) throw new IllegalArgumentException("changed while it was read");
                models.put(name, Served.of(name, file, copies, (System.nanoTime() - start) / 1e9, stamp));
                errors.remove(name);
                failed.remove(name);
                loaded.add(name);
                if (old != null) log.println("rnn4j serve: reloaded " + file.getFileName() + " (checksum " + models.get(name).version().checksum() + ")");
            } catch (Exception | OutOfMemoryError e) {
                errors.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
                failed.put(name, stamp);
                log.println("rnn4j serve: " + (old == null ? "skipping " : "keeping the served " + name + "; cannot load the new ") + file.getFileName() + ": " + errors.get(name));
            }
        }
        Set<String> present = new HashSet<>();
        for (Path file : files) present.add(file.getFileName().toString().substring(0, file.getFileName().toString().length() - RunFolder.EXTENSION.length()));
        for (String name : List.copyOf(models.keySet())) {
            if (present.contains(name) || stamp(models.get(name).file()) != null) continue;
            models.remove(name);                                                // requests already running finish on it
            errors.remove(name);
            failed.remove(name);
            log.println("rnn4j serve: unloaded " + name + " (its file " + name + RunFolder.EXTENSION + " was removed)");
        }
        return loaded;
    }

    /** What a file looks like from outside (size, modification time, file key), or null when it is gone. */
    private static String stamp(Path file) {
        try {
            var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Why the latest file of a served model could not be loaded, or null. */
    String error(String name) {
        return errors.get(name);
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
