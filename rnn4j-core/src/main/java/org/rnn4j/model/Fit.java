package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.train.Gradients;
import org.rnn4j.train.Optimizer;

/**
 * The training loop of {@link Model#fit}: each epoch shuffles the examples with the given random source, then
 * for every batch zeroes the gradients, runs forward and backward, clips and steps. A NaN or infinite loss stops
 * before the step that would spread it into the weights.
 */
public final class Fit {
    private Fit() {}

    /** The mean training loss of every epoch. */
    public record History(List<Double> epochLoss) {
        public double last() { return epochLoss.get(epochLoss.size() - 1); }
    }

    static <X, Y> History run(Model<X, Y> model, List<X> x, List<Y> y, Training training, RandomGenerator rng) {
        if (x.size() != y.size()) throw new IllegalArgumentException(x.size() + " inputs but " + y.size() + " targets");
        if (x.isEmpty()) throw new IllegalArgumentException("nothing to train on: the data set is empty");
        Optimizer optimizer = training.optimizer().create(model.params(), training.learningRate());
        int n = x.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            double sum = 0;
            for (int from = 0; from < n; from += training.batchSize()) {
                int to = Math.min(n, from + training.batchSize());
                List<X> bx = new ArrayList<>(to - from);
                List<Y> by = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    bx.add(x.get(order[i]));
                    by.add(y.get(order[i]));
                }
                Gradients.zero(model.params());
                double loss = model.trainBatch(bx, by, rng);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the loss became " + loss + " at epoch " + epoch + ", example " + from
                            + "; the weights are those before this step. Lower the learning rate or clip the gradient norm.");
                }
                if (training.clipNorm() > 0) Gradients.clipGlobalNorm(model.params(), training.clipNorm());
                optimizer.step();
                sum += loss * (to - from);
            }
            losses.add(sum / n);
        }
        return new History(losses);
    }
}
