package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.options.Bounds;

/**
 * Checks of paths and of --threads before any work starts (the numeric options' ranges: {@link Bounds}). A failed check is an {@link IllegalArgumentException} whose
 * message names the option, the value and what is allowed, which the command line prints as one line (exit 2).
 */
final class Require {
    private Require() {}

    /**
     * --threads: 0 (every core) up to four threads a core. More only queue behind each other, and a thousand
     * compute threads each with its share of the batch's state cost memory and time for nothing.
     */
    static void threads(int threads) {
        Bounds.between("--threads", threads, 0, 4L * Runtime.getRuntime().availableProcessors());
    }

    /** A file to read: it exists and is a regular file. */
    static void readable(String option, Path file) {
        if (file == null) return;
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": is a directory; " + option + " takes a file");
        if (!Files.exists(file)) throw new IllegalArgumentException(file + ": no such file");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": is not a regular file (a pipe or a device?); " + option + " takes a file");
        if (!Files.isReadable(file)) throw new IllegalArgumentException(file + ": cannot be read (permissions)");
    }

    /**
     * A file to write: not a directory, its folder exists (or can be made) and is writable, and it is none of the
     * {@code inputs}.
     */
    static void writable(String option, Path file, Path... inputs) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": is a directory; " + option + " names the file to write");
        for (Path in : inputs) {
            if (in != null && same(file, in)) throw new IllegalArgumentException(option + " " + file + " is an input of this run; writing it would destroy that input. Choose another path");
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": its folder cannot be made (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) throw new IllegalArgumentException(file + ": the folder " + dir + " is not writable");
        if (Files.exists(file) && !Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": exists and is not a regular file");
    }

    /** The same file, through links and relative paths. */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException ignored) {
            // compare the paths below
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
