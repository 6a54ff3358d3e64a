package org.rnn4j.task;

import java.util.List;

/** What a record, or a line given to {@code predict}, holds as input before a task encodes it. */
public sealed interface Input {

    /** Text, split into tokens by the task's tokenizer (a TSV column, a line of plain text, a prompt). */
    record Text(String text) implements Input {}

    /**
     * A question about a text (a QA story), read as one sequence: the question's tokens, {@link #SEPARATOR}, the
     * text's tokens. The question comes first so that the network knows what to look for as it reads.
     */
    record Question(String text, String question) implements Input {
        /** The token between the question and the text; the word and character tokenizers never write it. */
        public static final String SEPARATOR = "<sep>";
    }

    /** Tokens already split by the file (the first column of a CoNLL sentence). */
    record Tokens(List<String> tokens) implements Input {}

    /** Numbers per step [T, F] (JSON Lines "x" as an array of arrays; a window of a CSV series). */
    record Vectors(float[][] steps) implements Input {}

    /** One feature vector [F] (JSON Lines "x" as an array of numbers): a sequence reads it as one step. */
    record Vector(float[] values) implements Input {}

    /** The numbers of a numeric input per step [T, F] (a vector is one step), or null for text. */
    static float[][] steps(Input x) {
        if (x instanceof Vectors v) return v.steps();
        if (x instanceof Vector v) return new float[][] {v.values()};
        return null;
    }
}
