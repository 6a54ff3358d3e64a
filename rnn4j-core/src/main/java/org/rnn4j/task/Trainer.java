package org.rnn4j.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rnn4j.model.Model;
import org.rnn4j.model.Training;
import org.rnn4j.nn.Param;
import org.rnn4j.train.Gradients;
import org.rnn4j.train.Optimizer;

/**
 * Trains a task's model on files, streaming: epochs of bucketed, shuffled batches; validation and the task's
 * metrics after every epoch; early stopping on the validation loss; a learning rate that decays per epoch;
 * checkpoints every N steps, at every epoch's end and when stopped; resuming from a checkpoint exactly.
 *
 * <p>Reproducible by construction: epoch e shuffles with a random source seeded by (seed, e) and step s drops
 * out with one seeded by (seed, s), so a run resumed at (e, batch k) makes the same batches and the same dropout
 * masks as the run it continues, and ends with the same weights. A NaN or infinite loss stops the run before the
 * update, leaving the last checkpoint as it was.
 */
public final class Trainer<X, Y> {

    /**
     * @param patience      stop after this many epochs without a better validation loss (0: never)
     * @param lrDecay       the learning rate of epoch e is {@code learningRate · lrDecay^(e-1)}
     * @param checkpointEvery also checkpoint every this many steps (0: at epoch ends only)
     * @param shuffleBuffer examples read ahead for shuffling and bucketing
     */
    public record Options(int epochs, int batchSize, Training.Method optimizer, double learningRate, double lrDecay, double clipNorm,
                          int patience, int checkpointEvery, int shuffleBuffer, long seed) {}

    /** One epoch's result: mean training loss, validation loss and metrics (null without validation data). */
    public record Epoch(int epoch, double trainLoss, Double validLoss, Map<String, Object> metrics, double learningRate, double seconds) {}

    /**
     * Where a run stands: the epoch being trained (from 1), the batches of it already done, the global step,
     * the best validation loss so far, epochs since it improved, and the finished epochs.
     */
    public record State(int epoch, int batch, long step, double best, int badEpochs, List<Epoch> history) {
        public static State start() {
            return new State(1, 0, 0, Double.POSITIVE_INFINITY, 0, List.of());
        }
    }

    /** How a run ended. */
    public enum Outcome { COMPLETED, EARLY_STOPPED, INTERRUPTED }

    /** Receives progress; the command line draws it. */
    public interface Listener {
        void step(int epoch, int batch, long step, double loss, long examples);

        void epoch(Epoch e, boolean best);
    }

    /** Writes checkpoints and the best model; the command line puts them next to the model file. */
    public interface Saver {
        void checkpoint(State state) throws IOException;

        void best(State state) throws IOException;
    }

    private final Task<X, Y> task;
    private final Model<X, Y> model;
    private final Optimizer optimizer;
    private final Options options;

    public Trainer(Task<X, Y> task, Model<X, Y> model, Optimizer optimizer, Options options) {
        this.task = task;
        this.model = model;
        this.optimizer = optimizer;
        this.options = options;
    }

    /**
     * @param train the training examples, read anew every epoch
     * @param valid the validation examples, or null
     * @param state where to start: {@link State#start()} or a checkpoint's state
     * @param stop  set from another thread (Ctrl-C) to checkpoint and return after the current step
     */
    public Result run(Supplier<Stream<Example<X, Y>>> train, Supplier<Stream<Example<X, Y>>> valid, State state, Saver saver, Listener listener, AtomicBoolean stop)
            throws IOException {
        List<Param> params = model.params();
        List<Epoch> history = new ArrayList<>(state.history());
        double best = state.best;
        int bad = state.badEpochs;
        long step = state.step;
        for (int epoch = state.epoch; epoch <= options.epochs(); epoch++) {
            long started = System.nanoTime();
            optimizer.setLearningRate(options.learningRate() * Math.pow(options.lrDecay(), epoch - 1));
            int skip = epoch == state.epoch ? state.batch : 0;
            double lossSum = 0;
            long seen = 0;
            int batch = 0;
            try (Stream<Example<X, Y>> examples = train.get()) {
                Iterator<List<Example<X, Y>>> batches = new Batches<>(examples, options.batchSize(), options.shuffleBuffer(),
                        new SplittableRandom(options.seed() * 1_000_003L + epoch), task);
                while (batches.hasNext()) {
                    List<Example<X, Y>> b = batches.next();
                    if (batch++ < skip) continue;
                    Gradients.zero(params);
                    double loss = model.trainBatch(b.stream().map(Example::x).toList(), b.stream().map(Example::y).toList(),
                            new SplittableRandom(options.seed() ^ (step + 1) * 0x9E3779B97F4A7C15L));
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("the training loss became " + loss + " at epoch " + epoch + ", step " + (step + 1)
                                + " (examples from line " + b.get(0).line() + "); stopped before the update, the last checkpoint is kept."
                                + " Lower --lr or set --clip.");
                    }
                    if (options.clipNorm() > 0) Gradients.clipGlobalNorm(params, options.clipNorm());
                    optimizer.step();
                    step++;
                    lossSum += loss * b.size();
                    seen += b.size();
                    listener.step(epoch, batch, step, loss, b.size());
                    State now = new State(epoch, batch, step, best, bad, List.copyOf(history));
                    if (stop.get()) {
                        requireFinite(params, now);
                        saver.checkpoint(now);
                        return new Result(Outcome.INTERRUPTED, now);
                    }
                    if (options.checkpointEvery() > 0 && step % options.checkpointEvery() == 0) {
                        requireFinite(params, now);
                        saver.checkpoint(now);
                    }
                }
            }
            Double validLoss = null;
            Map<String, Object> metrics = null;
            if (valid != null) {
                try (Stream<Example<X, Y>> v = valid.get()) {
                    metrics = task.evaluate(model, v);
                }
                validLoss = ((Number) metrics.get("loss")).doubleValue();
            }
            double score = validLoss != null ? validLoss : lossSum / Math.max(1, seen);
            boolean improved = score < best;
            if (improved) {
                best = score;
                bad = 0;
            } else {
                bad++;
            }
            Epoch e = new Epoch(epoch, lossSum / Math.max(1, seen), validLoss, metrics, optimizer.learningRate(), (System.nanoTime() - started) / 1e9);
            history.add(e);
            State end = new State(epoch + 1, 0, step, best, bad, List.copyOf(history));
            requireFinite(params, end);
            if (improved) saver.best(end);
            saver.checkpoint(end);
            listener.epoch(e, improved);
            if (options.patience() > 0 && bad >= options.patience() && epoch < options.epochs()) return finish(Outcome.EARLY_STOPPED, end, params, saver);
            if (stop.get()) return new Result(Outcome.INTERRUPTED, end);
        }
        return finish(Outcome.COMPLETED, new State(options.epochs() + 1, 0, step, best, bad, List.copyOf(history)), params, saver);
    }

    /** When no epoch scored a finite loss, no best model was saved: keep the last weights rather than none. */
    private static Result finish(Outcome outcome, State end, List<Param> params, Saver saver) throws IOException {
        if (!(end.best() < Double.POSITIVE_INFINITY) && !end.history().isEmpty()) {
            requireFinite(params, end);
            saver.best(end);
        }
        return new Result(outcome, end);
    }

    /** Refuses to save weights that overflowed: the update was finite in loss but not in the weights it made. */
    private static void requireFinite(List<Param> params, State s) {
        for (Param p : params) {
            for (float v : p.value().data()) {
                if (!Float.isFinite(v)) {
                    throw new IllegalStateException("the weights of " + p.name() + " became " + v + " by step " + s.step()
                            + "; stopped without saving them, the last checkpoint is kept. Lower --lr or set --clip.");
                }
            }
        }
    }

    /** How the run ended and where it stands. */
    public record Result(Outcome outcome, State state) {}
}
