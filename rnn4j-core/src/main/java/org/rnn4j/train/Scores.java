package org.rnn4j.train;

import java.util.Map;

/**
 * A model's scores on labelled data. Each task family has its own record (classification, regression, sequences,
 * language model); this is what the training loop and a {@link Monitor} need of any of them.
 */
public interface Scores {

    /** Every scalar score under its JSON name, {@code loss} first, in a fixed order. */
    Map<String, Double> scalars();

    /** The mean loss. */
    default double loss() {
        return scalars().get("loss");
    }
}
