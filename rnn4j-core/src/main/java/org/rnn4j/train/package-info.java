/**
 * The training loop and what it needs: the settings of a run ({@link org.rnn4j.train.Training}), the order of
 * examples in each epoch, the score that picks the best epoch, checkpoints to resume from exactly, and truncated
 * backpropagation through time.
 */
package org.rnn4j.train;
