package org.rnn4j.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The closed set of class names or tags a model predicts, in a fixed (sorted) order; a name outside the set is an
 * error, not an unknown token, because a classifier cannot be scored on a class it has never seen.
 */
public final class Labels {
    private final List<String> names;
    private final Map<String, Integer> ids = new HashMap<>();

    @com.fasterxml.jackson.annotation.JsonCreator
    public Labels(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            if (ids.put(names.get(i), i) != null) throw new IllegalArgumentException("label \"" + names.get(i) + "\" appears twice in the label list");
        }
    }

    /** The distinct names, sorted. */
    public static Labels of(Iterable<String> seen) {
        TreeSet<String> set = new TreeSet<>();
        seen.forEach(set::add);
        return new Labels(List.copyOf(set));
    }

    public int size() { return names.size(); }

    @com.fasterxml.jackson.annotation.JsonValue
    public List<String> names() { return names; }

    public String name(int id) { return names.get(id); }

    /**
     * The id of {@code name}, or a {@link DataException} at {@code file:line} listing the known names.
     */
    public int id(String name, java.nio.file.Path file, long line) {
        Integer id = ids.get(name);
        if (id == null) {
            String known = names.size() <= 20 ? names.toString() : names.subList(0, 20) + " ...";
            throw new DataException(file, line, "unknown label \"" + name + "\"; the model knows " + known);
        }
        return id;
    }
}
