package org.rnn4j.model;

import java.util.List;
import org.rnn4j.nn.Param;
import org.rnn4j.train.Adagrad;
import org.rnn4j.train.Adam;
import org.rnn4j.train.Optimizer;
import org.rnn4j.train.RmsProp;
import org.rnn4j.train.Sgd;

/**
 * How {@link Model#fit} trains.
 *
 * @param epochs       passes over the data
 * @param batchSize    examples per step
 * @param optimizer    the update rule
 * @param learningRate its step size
 * @param clipNorm     clip the global gradient norm to this value; 0 for no clipping
 */
public record Training(int epochs, int batchSize, Method optimizer, double learningRate, double clipNorm) {
    public Training {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(clipNorm >= 0)) throw new IllegalArgumentException("clip norm must be ≥ 0, got " + clipNorm);
    }

    /** Adam, learning rate 0.01, batches of 32, clipping at 5. */
    public static Training defaults(int epochs) {
        return new Training(epochs, 32, Method.ADAM, 0.01, 5.0);
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
