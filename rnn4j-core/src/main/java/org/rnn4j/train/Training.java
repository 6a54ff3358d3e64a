package org.rnn4j.train;

import java.util.List;
import org.rnn4j.nn.Param;
import org.rnn4j.optim.Adagrad;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.RmsProp;
import org.rnn4j.optim.Sgd;

/**
 * How a model is trained: the one record of settings that {@code Model.fit} and {@code rnn4j train} share, read by
 * the one loop, {@link Trainer}.
 *
 * @param epochs          passes over the data
 * @param batchSize       examples per step
 * @param optimizer       the update rule
 * @param learningRate    its step size in epoch 1
 * @param lrDecay         the learning rate of epoch e is {@code learningRate · lrDecay^(e-1)}
 * @param clipNorm        clip the global norm of the trainable parameters' gradients to this value; 0 for no clipping
 * @param weightDecay     decoupled weight decay (Loshchilov and Hutter): before each update every trainable weight is
 *                        multiplied by {@code 1 - lr · weightDecay}; with ADAM this is PyTorch's {@code AdamW}; 0 for none
 * @param patience        stop after this many epochs in which the monitored score did not improve; 0 for never
 * @param monitor         the score that chooses the best epoch and drives early stopping
 * @param checkpointEvery also checkpoint every this many steps; 0 for epoch ends only
 * @param inMemory        at most this many training examples are held in memory; a larger data set is shuffled in
 *                        windows of this size over one permutation of the whole set (see {@link EpochOrder})
 */
public record Training(int epochs, int batchSize, Method optimizer, double learningRate, double lrDecay, double clipNorm, double weightDecay,
                       int patience, Monitor monitor, int checkpointEvery, int inMemory) {

    /** Examples held in memory unless told otherwise. */
    public static final int IN_MEMORY = 1_000_000;

    public Training {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        if (optimizer == null) throw new IllegalArgumentException("no optimizer given");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException("learning rate must be a number > 0, got " + learningRate);
        if (!(lrDecay > 0 && lrDecay <= 1)) throw new IllegalArgumentException("learning-rate decay must be in (0, 1], got " + lrDecay);
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) throw new IllegalArgumentException("clip norm must be ≥ 0, got " + clipNorm);
        if (!(weightDecay >= 0) || learningRate * weightDecay >= 1) {
            throw new IllegalArgumentException("weight decay must be ≥ 0 with learning rate × weight decay < 1, got " + weightDecay);
        }
        if (patience < 0) throw new IllegalArgumentException("patience must be ≥ 0, got " + patience);
        if (monitor == null) throw new IllegalArgumentException("no monitor given");
        if (checkpointEvery < 0) throw new IllegalArgumentException("checkpoint interval must be ≥ 0, got " + checkpointEvery);
        if (inMemory < batchSize) throw new IllegalArgumentException("examples in memory must be at least the batch size " + batchSize + ", got " + inMemory);
    }

    /** Constant learning rate, no weight decay, no early stopping, the training loss as monitor. */
    public Training(int epochs, int batchSize, Method optimizer, double learningRate, double clipNorm) {
        this(epochs, batchSize, optimizer, learningRate, 1.0, clipNorm, 0, 0, Monitor.TRAIN_LOSS, 0, IN_MEMORY);
    }

    /** Adam, learning rate 0.01, batches of 32, clipping at 5. */
    public static Training defaults(int epochs) {
        return new Training(epochs, 32, Method.ADAM, 0.01, 5.0);
    }

    public Training withWeightDecay(double weightDecay) {
        return new Training(epochs, batchSize, optimizer, learningRate, lrDecay, clipNorm, weightDecay, patience, monitor, checkpointEvery, inMemory);
    }

    public Training withInMemory(int inMemory) {
        return new Training(epochs, batchSize, optimizer, learningRate, lrDecay, clipNorm, weightDecay, patience, monitor, checkpointEvery, inMemory);
    }

    /** The optimizers, by their usual names. */
    public enum Method {
        SGD, ADAM, RMSPROP, ADAGRAD;

        public Optimizer create(List<Param> params, double lr) {
            return switch (this) {
                case SGD -> new Sgd(params, lr);
                case ADAM -> new Adam(params, lr);
                case RMSPROP -> new RmsProp(params, lr);
                case ADAGRAD -> new Adagrad(params, lr);
            };
        }
    }
}
