package org.rnn4j.io;

import java.nio.file.Path;

/** A model file that cannot be used: the message names the file and what is wrong with it. */
public final class ModelFileException extends IllegalArgumentException {
    public ModelFileException(Path file, String problem) {
        super("model file " + file + " " + problem);
    }
}
