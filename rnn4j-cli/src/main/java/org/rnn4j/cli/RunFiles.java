package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a command reads and every file it will write, named by the option that chose each, checked against
 * each other before any work: an output is not a directory, its folder exists or can be made and is writable, and
 * it is none of the inputs, compared by real path, so a link, a relative path or {@code ..} cannot make a run
 * overwrite its own data. Every command that writes files goes through here.
 */
final class RunFiles {
    /** A file and the option that named it (or the option it is derived from: "--model's report"). */
    record Named(String option, Path file) {}

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();

    RunFiles input(String option, Path file) {
        if (file != null) inputs.add(new Named(option, file));
        return this;
    }

    RunFiles output(String option, Path file) {
        outputs.add(new Named(option, file));
        return this;
    }

    /** Refuses, with an {@link IllegalArgumentException} naming both options, any output that would destroy an input or cannot be written. */
    void check() {
        for (Named out : outputs) {
            for (Named in : inputs) {
                if (Require.same(out.file(), in.file())) {
                    throw new IllegalArgumentException(out.option() + " " + out.file() + " is an input of this run (" + in.option() + " " + in.file()
                            + "); writing it would destroy that input. Choose another path");
                }
            }
            Require.writable(out.option(), out.file());
        }
    }
}
