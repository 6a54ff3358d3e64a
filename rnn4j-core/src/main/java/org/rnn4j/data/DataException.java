package org.rnn4j.data;

import java.nio.file.Path;

/**
 * Input data that cannot be used, reported as {@code FILE:LINE: what was expected and what was found}, so the
 * user can open the file at that line. The command line prints the message alone and exits with code 2.
 */
public final class DataException extends IllegalArgumentException {
    private final Path file;
    private final long line;

    public DataException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() { return file; }

    public long line() { return line; }
}
