package org.rnn4j.model;

/** How a many-to-one model reads one vector from the outputs of the true steps of a sequence. */
public enum Pooling {
    /** The state at the last true step (both directions' final states when bidirectional). */
    LAST,
    /** The mean of the outputs of the true steps. */
    MEAN,
    /** The element-wise maximum of the outputs of the true steps. */
    MAX
}
