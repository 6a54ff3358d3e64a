package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Seq;
import org.rnn4j.nn.Param;
import org.rnn4j.train.EpochOrder;
import org.rnn4j.train.Trainable;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * A trainable model from inputs X to targets Y, built from a record of hyper-parameters.
 *
 * <p>Order of use: construct (or {@link Models#load}), {@link #fit}, then {@link #evaluate}, the kind's own
 * {@code predict} / {@code generate}, {@link #save}. {@link #trainBatch} is the single step {@code fit} repeats.
 *
 * @param <X> one input: a {@link Seq} or a feature vector {@code float[]}
 * @param <Y> one target: a {@code float[]} value, or {@code int[]} tokens or tags
 */
public interface Model<X, Y> extends Trainable<X, Y> {

    /** The hyper-parameters this model was built from (a record, saved as JSON in the model file). */
    Record config();

    /** The parameters with their PyTorch module paths ({@code rnn.weight_ih_l0}, {@code head.bias}, ...). */
    List<Param> params();

    /**
     * Forward and backward on one batch: adds the gradients into the parameters and returns the mean loss.
     *
     * @param rng drives dropout
     */
    @Override
    double trainBatch(List<X> x, List<Y> y, RandomGenerator rng);

    /**
     * How many terms the mean loss of {@link #trainBatch} averages over for these targets: one per example, or per
     * target token for the sequence models. Batches' gradients weighted by it add up to the gradient of their union,
     * which is how data-parallel training combines its shards.
     */
    default long lossTerms(List<Y> y) {
        return y.size();
    }

    /** The mean loss on one batch, without dropout and without touching gradients. */
    double loss(List<X> x, List<Y> y);

    /**
     * The gradient flow on one batch, without dropout: ‖∂L/∂h_t‖ for every step t of the recurrent layer that reads
     * the input sequence (the encoder of a {@link Seq2Seq}, the decoder of a {@link OneToMany}), averaged over the
     * sequences that reach t, one row per direction [D][T] (see {@link org.rnn4j.nn.SequenceLayer#stateGradientNorms}).
     * A SimpleRNN's curve falls towards early steps (vanishing gradients), an LSTM's much less. Adds into the
     * parameter gradients, which the next training step zeroes. Empty for a model without recurrence.
     */
    double[][] gradientFlow(List<X> x, List<Y> y);

    /**
     * Trains every parameter on (x, y) as {@link Training} says, in memory and without validation, by the same loop
     * as {@code rnn4j train}; the model keeps the last epoch's weights.
     *
     * @param rng seeds the order of the examples and dropout
     * @return every epoch's mean training loss and how the run ended
     */
    default Trainer.Result fit(List<X> x, List<Y> y, Training training, RandomGenerator rng) {
        return fit(x, y, training, rng, new Trainer.Listener() {});
    }

    /**
     * {@link #fit(List, List, Training, RandomGenerator)}, telling {@code listener} of every step and finished epoch
     * ({@link Trainer.Listener#printing} prints a line per epoch).
     */
    default Trainer.Result fit(List<X> x, List<Y> y, Training training, RandomGenerator rng, Trainer.Listener listener) {
        if (x.isEmpty()) throw new IllegalArgumentException("nothing to train on: the data set is empty");
        try {
            return new Trainer<>(this, params(), training, rng.nextLong()).run(EpochOrder.of(x, y, training.batchSize()), listener);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);          // nothing is written without a saver
        }
    }

    /** The mean loss over a data set, in batches of 256, weighted by batch size. */
    default double evaluate(List<X> x, List<Y> y) {
        if (x.size() != y.size()) throw new IllegalArgumentException(x.size() + " inputs but " + y.size() + " targets");
        if (x.isEmpty()) throw new IllegalArgumentException("nothing to evaluate: the data set is empty");
        double sum = 0;
        for (int from = 0; from < x.size(); from += 256) {
            int to = Math.min(x.size(), from + 256);
            sum += loss(x.subList(from, to), y.subList(from, to)) * (to - from);
        }
        return sum / x.size();
    }

    /** Writes the model file (safetensors with the config and {@code provenance} in its metadata). */
    default void save(Path file, Map<String, String> provenance) throws IOException {
        Models.save(this, file, provenance);
    }
}
