package org.rnn4j.task;

import org.rnn4j.data.Labels;

/** A task whose model chooses among named classes or tags (classify, tag): their names, in the model's order. */
public interface Labelled {
    Labels labels();
}
