package org.rnn4j.data;

import java.nio.file.Path;

/**
 * Input data that cannot be used, reported as {@code FILE:LINE: what was expected and what was found}, so the
 * user can open the file at that line. The command line prints the message alone and exits with code 2.
 */
public final class DataException extends IllegalArgumentException {
    private final Path file;
    private final long line;
    private final String problem;

    public DataException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public Path file() { return file; }

    public long line() { return line; }

    /** What was expected and what was found, without the place. */
    public String problem() { return problem; }
}
