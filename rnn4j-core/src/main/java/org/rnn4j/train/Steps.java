package org.rnn4j.train;

import java.util.Iterator;
import java.util.random.RandomGenerator;

/**
 * Where the training loop's steps come from: each epoch's batches, in order. A step puts its batch's gradients into
 * the parameters and nothing else; the loop ({@link Trainer}) does the rest (clipping, decay, the update, the
 * learning-rate schedule, validation, checkpoints). In memory a step is one forward and backward over a batch of
 * examples; on a cluster it sums the gradients of the batch's shards.
 */
@FunctionalInterface
public interface Steps {

    /** The steps of epoch {@code epoch} (from 1), in the order they are trained; a resumed run skips the first ones. */
    Iterator<Step> epoch(int epoch);

    /** One batch. */
    interface Step {

        /**
         * Puts the batch's mean gradients into the trainable parameters, whose gradients the loop has zeroed.
         *
         * @param dropout seeded by the run's seed and the step, so a resumed run draws the same masks
         * @return the batch's mean loss
         */
        double gradients(RandomGenerator dropout);

        /** How many examples the batch holds (the epoch's mean loss weighs the steps by it). */
        int examples();

        /** Where the batch comes from, for an error message: {@code a batch with the example of line 12}. */
        String where();
    }
}
