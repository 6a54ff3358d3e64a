package org.rnn4j.task;

import java.util.List;

/** What a record, or a line given to {@code predict}, holds as input before a task encodes it. */
public sealed interface Input {

    /** Text, split into tokens by the task's tokenizer (a TSV column, a line of plain text, a prompt). */
    record Text(String text) implements Input {}

    /** Tokens already split by the file (the first column of a CoNLL sentence). */
    record Tokens(List<String> tokens) implements Input {}

    /** Numbers per step [T, F] (JSON Lines "x"; one vector is one step; a window of a CSV series). */
    record Vectors(float[][] steps) implements Input {}
}
