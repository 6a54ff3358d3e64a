package org.rnn4j.train;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the training loop trains: forward and backward on one batch, adding the gradients into the parameters. Every
 * model is one ({@code org.rnn4j.model.Model}); a distributed run supplies its own, gathering the gradients of its
 * shards.
 *
 * @param <X> one input
 * @param <Y> one target
 */
@FunctionalInterface
public interface Trainable<X, Y> {

    /**
     * Forward and backward on one batch: adds the gradients into the parameters and returns the mean loss.
     *
     * @param rng drives dropout
     */
    double trainBatch(List<X> x, List<Y> y, RandomGenerator rng);
}
