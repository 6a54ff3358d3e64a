package org.rnn4j.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Param;
import org.rnn4j.optim.Gradients;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.WeightDecay;

/**
 * The training loop, the only one: {@code Model.fit} and {@code rnn4j train} both run it. Every epoch visits the
 * data in a fresh permutation ({@link EpochOrder}); every step zeroes, runs forward and backward, clips, decays and
 * updates the trainable parameters only (a frozen embedding neither counts in the clip norm nor moves); after every
 * epoch the validation data are scored, the {@link Monitor}ed score chooses the best epoch, and patience stops early.
 * Checkpoints are written every N steps and at every epoch's end; a run resumes from one exactly.
 *
 * <p>Reproducible by construction: epoch e is ordered by a random source seeded by (seed, e) and step s drops out
 * with one seeded by (seed, s), so a run resumed at (e, batch k) makes the same batches and the same dropout masks as
 * the run it continues, and ends with the same weights. A NaN or infinite loss stops the run before the update,
 * leaving the last checkpoint as it was.
 */
public final class Trainer<X, Y> {

    /** One epoch's result: the mean training loss and the validation scores (null without validation data). */
    public record Epoch(int epoch, double trainLoss, Map<String, Double> valid, double learningRate, double seconds) {}

    /**
     * Where a run stands: the epoch being trained (from 1), the batches of it already done, the global step, the best
     * monitored score so far (NaN before the first) and its epoch, the epochs since it improved, how the run ended
     * (null while it goes on), and the finished epochs.
     */
    public record State(int epoch, int batch, long step, double best, int bestEpoch, int badEpochs, Outcome outcome, List<Epoch> history) {
        public static State start() {
            return new State(1, 0, 0, Double.NaN, 0, 0, null, List.of());
        }
    }

    /** How a run ended. */
    public enum Outcome { COMPLETED, EARLY_STOPPED, INTERRUPTED }

    /** Receives progress; the command line draws it. */
    public interface Listener {
        default void step(int epoch, int batch, long step, double loss, long examples) {}

        default void epoch(Epoch e, boolean best) {}

        /**
         * A line on {@code out} for the first epoch, every {@code every}-th and the last of {@code epochs}, as Keras
         * prints them: {@code epoch 3/12  train loss 0.4172  1.3 s}.
         */
        static Listener printing(java.io.PrintStream out, int epochs, int every) {
            if (every < 1) throw new IllegalArgumentException("every must be at least 1, got " + every);
            return new Listener() {
                @Override
                public void epoch(Epoch e, boolean best) {
                    if (e.epoch() != 1 && e.epoch() % every != 0 && e.epoch() != epochs) return;
                    StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "epoch %d/%d  train loss %.4f", e.epoch(), epochs, e.trainLoss()));
                    if (e.valid() != null) e.valid().forEach((k, v) -> line.append(String.format(java.util.Locale.ROOT, "  val_%s %.4f", k, v)));
                    out.println(line.append(String.format(java.util.Locale.ROOT, "  %.1f s", e.seconds())));
                    out.flush();
                }
            };
        }
    }

    /** Writes checkpoints and the best model; the command line puts them next to the model file. */
    public interface Saver {
        void checkpoint(State state) throws IOException;

        void best(State state) throws IOException;
    }

    /** How the run ended and where it stands. */
    public record Result(Outcome outcome, State state) {
        /** The mean training loss of the last epoch. */
        public double trainLoss() {
            return state.history().get(state.history().size() - 1).trainLoss();
        }
    }

    private static final Saver NO_SAVER = new Saver() {
        @Override public void checkpoint(State state) {}

        @Override public void best(State state) {}
    };

    private final Trainable<X, Y> model;
    private final List<Param> trainable;
    private final Training training;
    private final long seed;
    private final Optimizer optimizer;

    /**
     * @param trainable the parameters the run updates: all of {@code model.params()} but the frozen ones
     * @param seed      orders the epochs and drives dropout
     */
    public Trainer(Trainable<X, Y> model, List<Param> trainable, Training training, long seed) {
        this.model = model;
        this.trainable = List.copyOf(trainable);
        this.training = training;
        this.seed = seed;
        this.optimizer = training.optimizer().create(this.trainable, training.learningRate());
    }

    /**
     * The update after a step's gradients are in the parameters: clip their global norm, decay the weights, step the
     * optimizer. Every training loop applies it, locally or with gradients summed over a cluster.
     */
    public static void update(List<Param> trainable, Training training, double lr, Optimizer optimizer) {
        if (training.clipNorm() > 0) Gradients.clipGlobalNorm(trainable, training.clipNorm());
        WeightDecay.apply(trainable, lr, training.weightDecay());
        optimizer.step();
    }

    /** The optimizer, whose state a checkpoint saves and restores. */
    public Optimizer optimizer() { return optimizer; }

    /** Trains in memory without validation, saving nothing: what {@code Model.fit} does. */
    public Result run(EpochOrder<X, Y> data) throws IOException {
        return run(data, new Listener() {});
    }

    /** Trains on {@code data} without validation or saving, telling {@code listener} of every step and epoch. */
    public Result run(EpochOrder<X, Y> data, Listener listener) throws IOException {
        return run(data, null, State.start(), NO_SAVER, listener, new AtomicBoolean());
    }

    /**
     * @param data     the training examples
     * @param validate scores the model, as it is after an epoch, on the validation data; null when there are none
     * @param state    where to start: {@link State#start()} or a checkpoint's state
     * @param stop     set from another thread (Ctrl-C) to checkpoint and return after the current step
     */
    public Result run(EpochOrder<X, Y> data, Supplier<Scores> validate, State state, Saver saver, Listener listener, AtomicBoolean stop)
            throws IOException {
        if (data.size() == 0) throw new IllegalArgumentException("nothing to train on: the data set is empty");
        return run(epoch -> {
            Iterator<List<Example<X, Y>>> batches = batches(data, epoch);
            return new Iterator<>() {
                @Override public boolean hasNext() { return batches.hasNext(); }

                @Override public Steps.Step next() { return new Batch<>(model, batches.next()); }
            };
        }, validate, state, saver, listener, stop);
    }

    /** A batch of examples in memory: its gradients are one forward and backward of the model. */
    private record Batch<X, Y>(Trainable<X, Y> model, List<Example<X, Y>> batch) implements Steps.Step {
        @Override
        public double gradients(RandomGenerator dropout) {
            return model.trainBatch(batch.stream().map(Example::x).toList(), batch.stream().map(Example::y).toList(), dropout);
        }

        @Override public int examples() { return batch.size(); }

        @Override public String where() { return "a batch with the example of line " + batch.get(0).line(); }
    }

    /**
     * The loop over steps from any source: a cluster supplies the gradients of each step ({@link Steps}) and the
     * loop does everything else as it does in memory.
     *
     * @param state where to start: {@link State#start()} or a checkpoint's state
     * @param stop  set (from another thread, or by the listener) to checkpoint and return after the current step
     */
    public Result run(Steps steps, Supplier<Scores> validate, State state, Saver saver, Listener listener, AtomicBoolean stop) throws IOException {
        Monitor monitor = training.monitor();
        if (monitor.validation() && validate == null) throw new IllegalArgumentException("monitoring " + monitor + " needs validation data");
        if (state.outcome() != null && state.outcome() != Outcome.INTERRUPTED) return new Result(state.outcome(), state);
        List<Epoch> history = new ArrayList<>(state.history());
        double best = state.best();
        int bestEpoch = state.bestEpoch(), bad = state.badEpochs();
        long step = state.step();
        for (int epoch = state.epoch(); epoch <= training.epochs(); epoch++) {
            long started = System.nanoTime();
            double lr = training.learningRate() * Math.pow(training.lrDecay(), epoch - 1);
            optimizer.setLearningRate(lr);
            int skip = epoch == state.epoch() ? state.batch() : 0, batch = 0;
            double lossSum = 0;
            long seen = 0;
            for (Iterator<Steps.Step> it = steps.epoch(epoch); it.hasNext(); ) {
                Steps.Step b = it.next();
                if (batch++ < skip) continue;
                Gradients.zero(trainable);
                double loss = b.gradients(new SplittableRandom(seed ^ (step + 1) * 0x9E3779B97F4A7C15L));
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the training loss became " + loss + " at epoch " + epoch + ", step " + (step + 1)
                            + " (" + b.where() + "); stopped before the update, the last checkpoint is kept."
                            + " Lower the learning rate or clip the gradient norm.");
                }
                update(trainable, training, lr, optimizer);
                step++;
                lossSum += loss * b.examples();
                seen += b.examples();
                listener.step(epoch, batch, step, loss, b.examples());
                State now = new State(epoch, batch, step, best, bestEpoch, bad, null, List.copyOf(history));
                if (stop.get()) {
                    requireFinite(now);
                    State interrupted = new State(epoch, batch, step, best, bestEpoch, bad, Outcome.INTERRUPTED, List.copyOf(history));
                    saver.checkpoint(interrupted);
                    return new Result(Outcome.INTERRUPTED, interrupted);
                }
                if (training.checkpointEvery() > 0 && step % training.checkpointEvery() == 0) {
                    requireFinite(now);
                    saver.checkpoint(now);
                }
            }
            double trainLoss = lossSum / Math.max(1, seen);
            Map<String, Double> valid = validate == null ? null : validate.get().scalars();
            double score = monitor.validation() ? score(valid, monitor) : trainLoss;
            boolean improved = monitor.improves(score, best) || tieBrokenByLoss(monitor, score, best, valid, bestEpoch, history);
            if (improved) {
                best = score;
                bestEpoch = epoch;
                bad = 0;
            } else {
                bad++;
            }
            Epoch e = new Epoch(epoch, trainLoss, valid, lr, (System.nanoTime() - started) / 1e9);
            history.add(e);
            boolean patienceOut = training.patience() > 0 && bad >= training.patience() && epoch < training.epochs();
            Outcome outcome = patienceOut ? Outcome.EARLY_STOPPED : epoch == training.epochs() ? Outcome.COMPLETED : null;
            State end = new State(epoch + 1, 0, step, best, bestEpoch, bad, outcome, List.copyOf(history));
            requireFinite(end);
            if (improved) saver.best(end);
            saver.checkpoint(end);
            listener.epoch(e, improved);
            if (outcome != null) return finish(outcome, end, saver);
            if (stop.get()) return new Result(Outcome.INTERRUPTED, end);
        }
        return finish(Outcome.COMPLETED, new State(training.epochs() + 1, 0, step, best, bestEpoch, bad, Outcome.COMPLETED, List.copyOf(history)), saver);
    }

    /**
     * The batches of epoch {@code epoch} (from 1), in the order {@link #run} trains them: what another framework
     * needs to train on exactly the same batches (the whole-run parity tests replay them in PyTorch).
     */
    public Iterator<List<Example<X, Y>>> batches(EpochOrder<X, Y> data, int epoch) {
        return data.batches(new SplittableRandom(seed * 1_000_003L + epoch));
    }

    /**
     * A tie on a monitored validation score other than the loss (an accuracy of 1.0 again) is broken by the
     * validation loss: the epoch that is as accurate and more confident is kept.
     */
    private static boolean tieBrokenByLoss(Monitor monitor, double score, double best, Map<String, Double> valid, int bestEpoch, List<Epoch> history) {
        if (!monitor.validation() || monitor.metric().equals("loss") || score != best || bestEpoch < 1 || bestEpoch > history.size()) return false;
        Double loss = valid.get("loss"), bestLoss = history.get(bestEpoch - 1).valid().get("loss");
        return loss != null && bestLoss != null && loss < bestLoss;
    }

    private static double score(Map<String, Double> valid, Monitor monitor) {
        Double v = valid.get(monitor.metric());
        if (v == null) throw new IllegalArgumentException("cannot monitor " + monitor + ": the validation scores are " + valid.keySet().stream().map(k -> "val_" + k).toList());
        return v;
    }

    /** When no epoch scored a number, no best model was saved: keep the last weights rather than none. */
    private Result finish(Outcome outcome, State end, Saver saver) throws IOException {
        if (end.bestEpoch() == 0 && !end.history().isEmpty()) {
            requireFinite(end);
            saver.best(end);
        }
        return new Result(outcome, end);
    }

    /** Refuses to save weights that overflowed: the update was finite in loss but not in the weights it made. */
    private void requireFinite(State s) {
        for (Param p : trainable) {
            for (float v : p.value().data()) {
                if (!Float.isFinite(v)) {
                    throw new IllegalStateException("the weights of " + p.name() + " became " + v + " by step " + s.step()
                            + "; stopped without saving them, the last checkpoint is kept. Lower the learning rate or clip the gradient norm.");
                }
            }
        }
    }
}
