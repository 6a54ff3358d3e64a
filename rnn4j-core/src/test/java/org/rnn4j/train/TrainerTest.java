package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Target;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;

/**
 * The one training loop: frozen parameters are outside clipping and updates, the monitor chooses the best epoch in
 * its own direction and stops early, dropout acts on a one-layer model.
 */
class TrainerTest {
    static final Compute COMPUTE = new Compute(Compute.bestKernels(), 1);

    /** Random token sequences of length 2..7 over ids 4..9, labelled by whether token 5 occurs. */
    static List<Seq> sequences(int n, SplittableRandom r) {
        List<Seq> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[r.nextInt(2, 8)];
            for (int t = 0; t < ids.length; t++) ids[t] = r.nextInt(4, 10);
            out.add(new Seq.Tokens(ids));
        }
        return out;
    }

    static List<float[]> labels(List<Seq> x) {
        return x.stream().map(s -> new float[] {java.util.Arrays.stream(((Seq.Tokens) s).ids()).anyMatch(t -> t == 5) ? 1 : 0}).toList();
    }

    @Test
    void aFrozenEmbeddingTrainsLikeAnInputThatIsNoParameterAtAll() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        RnnSpec rnn = RnnSpec.of(CellType.LSTM, 8);
        ManyToOne tokens = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(10, 4), rnn, Pooling.LAST, new Target.Binary()), COMPUTE, r);
        ManyToOne vectors = new ManyToOne(new ManyToOne.Config(new InputSpec.Vectors(4), rnn, Pooling.LAST, new Target.Binary()), COMPUTE, r);
        Map<String, Param> byName = new LinkedHashMap<>();
        tokens.params().forEach(p -> byName.put(p.name(), p));
        for (Param p : vectors.params()) System.arraycopy(byName.get(p.name()).value().data(), 0, p.value().data(), 0, p.value().size());
        Param embedding = byName.get("embedding.weight");
        float[] table = embedding.value().data().clone();

        List<Seq> x = sequences(200, r), xv = new ArrayList<>();
        for (Seq s : x) {
            int[] ids = ((Seq.Tokens) s).ids();
            float[][] steps = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) steps[t] = java.util.Arrays.copyOfRange(table, ids[t] * 4, ids[t] * 4 + 4);
            xv.add(new Seq.Vectors(steps));
        }
        List<float[]> y = labels(x);
        Training training = new Training(3, 16, Training.Method.ADAM, 0.01, 0.05);      // a clip norm every step exceeds
        List<Param> trainable = new ArrayList<>(tokens.params());
        trainable.remove(embedding);
        Trainer.Result frozen = new Trainer<>(tokens, trainable, training, 9).run(EpochOrder.of(x, y, 16));
        Trainer.Result plain = new Trainer<>(vectors, vectors.params(), training, 9).run(EpochOrder.of(xv, y, 16));

        assertArrayEquals(table, embedding.value().data(), "the frozen embedding moved");
        for (int e = 0; e < 3; e++) {
            assertEquals(plain.state().history().get(e).trainLoss(), frozen.state().history().get(e).trainLoss(), 1e-6, "epoch " + (e + 1) + " loss");
        }
        for (Param p : vectors.params()) assertArrayEquals(p.value().data(), byName.get(p.name()).value().data(), 1e-5f, p.name());
    }

    /** Validation scores in a script: accuracy peaks at epoch 4, the loss is lowest at epoch 2. */
    record Scripted(double loss, double accuracy) implements Scores {
        @Override
        public Map<String, Double> scalars() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", loss);
            m.put("accuracy", accuracy);
            return m;
        }
    }

    static Trainer.Result runScripted(Monitor monitor, int patience, List<Integer> bestCalls) throws IOException {
        return runScripted(monitor, patience, bestCalls, new double[] {0.9, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1}, new double[] {0.5, 0.6, 0.8, 0.9, 0.85, 0.9, 0.7, 0.6});
    }

    static Trainer.Result runScripted(Monitor monitor, int patience, List<Integer> bestCalls, double[] loss, double[] accuracy) throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        ManyToOne m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(10, 4), RnnSpec.of(CellType.GRU, 4), Pooling.LAST, new Target.Binary()), COMPUTE, r);
        List<Seq> x = sequences(20, r);
        int[] epoch = {0};
        Training t = new Training(8, 10, Training.Method.ADAM, 0.01, 1.0, 5, 0, patience, monitor, 0, 100);
        Trainer.Saver saver = new Trainer.Saver() {
            @Override public void checkpoint(Trainer.State s) {}

            @Override public void best(Trainer.State s) { bestCalls.add(s.bestEpoch()); }
        };
        return new Trainer<>(m, m.params(), t, 1).run(EpochOrder.of(x, labels(x), 10), () -> {
            int e = epoch[0]++;
            return new Scripted(loss[e], accuracy[e]);
        }, Trainer.State.start(), saver, new Trainer.Listener() {}, new AtomicBoolean());
    }

    @Test
    void theMonitorChoosesTheBestEpochInItsDirection() throws IOException {
        List<Integer> saved = new ArrayList<>();
        Trainer.Result byAccuracy = runScripted(Monitor.parse("val_accuracy"), 0, saved);
        assertEquals(4, byAccuracy.state().bestEpoch(), "a tie (epoch 6) does not replace the first best");
        assertEquals(List.of(1, 2, 3, 4), saved);
        assertEquals(0.9, byAccuracy.state().best());

        saved.clear();
        Trainer.Result byLoss = runScripted(Monitor.parse("val_loss"), 0, saved);
        assertEquals(2, byLoss.state().bestEpoch());
        assertEquals(List.of(1, 2), saved);
        assertEquals(Trainer.Outcome.COMPLETED, byLoss.outcome());
    }

    @Test
    void aTieOnTheMonitoredScoreIsBrokenByTheValidationLoss() throws IOException {
        List<Integer> saved = new ArrayList<>();
        double[] loss = {0.9, 0.10, 0.05, 0.01, 0.0004, 0.002, 0.0003, 0.0004}, accuracy = {0.5, 1, 1, 1, 1, 1, 0.9, 1};
        Trainer.Result r = runScripted(Monitor.parse("val_accuracy"), 0, saved, loss, accuracy);
        assertEquals(5, r.state().bestEpoch(), "accuracy 1.0 from epoch 2; the lowest loss among those epochs is epoch 5's (epoch 8 only ties it)");
        assertEquals(List.of(1, 2, 3, 4, 5), saved);
    }

    @Test
    void monitorNamesAreKerasNamesAndUnknownOnesAreRefused() {
        assertEquals(new Monitor("accuracy", true), Monitor.parse("VAL_accuracy"));
        assertEquals(Monitor.TRAIN_LOSS, Monitor.parse("train_loss"));
        assertTrue(Monitor.parse("val_bleu").higherIsBetter() && !Monitor.parse("val_token_error_rate").higherIsBetter());
        for (String bad : new String[] {"val_foo", "accuracy", "val_", ""}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Monitor.parse(bad));
            assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
        }
    }

    @Test
    void patienceCountsEpochsWithoutImprovementOfTheMonitoredScore() throws IOException {
        Trainer.Result r = runScripted(Monitor.parse("val_accuracy"), 2, new ArrayList<>());
        assertEquals(Trainer.Outcome.EARLY_STOPPED, r.outcome());
        assertEquals(6, r.state().history().size(), "best at 4, no better at 5 and 6");
        Trainer.Result byLoss = runScripted(Monitor.VAL_LOSS, 2, new ArrayList<>());
        assertEquals(4, byLoss.state().history().size());
    }

    @Test
    void anEarlyStoppedRunStaysStoppedWhenResumed() throws IOException {
        Trainer.Result stopped = runScripted(Monitor.VAL_LOSS, 2, new ArrayList<>());
        SplittableRandom r = new SplittableRandom(1);
        ManyToOne m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(10, 4), RnnSpec.of(CellType.GRU, 4), Pooling.LAST, new Target.Binary()), COMPUTE, r);
        List<Seq> x = sequences(20, r);
        Training t = new Training(8, 10, Training.Method.ADAM, 0.01, 1.0, 5, 0, 2, Monitor.VAL_LOSS, 0, 100);
        Trainer.Result again = new Trainer<>(m, m.params(), t, 1).run(EpochOrder.of(x, labels(x), 10), () -> { throw new AssertionError("trained again"); },
                stopped.state(), null, null, new AtomicBoolean());
        assertEquals(Trainer.Outcome.EARLY_STOPPED, again.outcome());
        assertEquals(stopped.state(), again.state());
    }

    @Test
    void dropoutActsOnAOneLayerModelAndNotAtInference() {
        List<Double> losses = new ArrayList<>();
        for (float p : new float[] {0f, 0.5f}) {
            SplittableRandom r = new SplittableRandom(5);
            ManyToOne m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(10, 8), new RnnSpec(CellType.LSTM, 16, 1, false, p), Pooling.LAST,
                    new Target.Binary()), COMPUTE, r);
            List<Seq> x = sequences(100, r);
            losses.add(m.fit(x, labels(x), new Training(2, 10, Training.Method.ADAM, 0.01, 5), new SplittableRandom(6)).trainLoss());
            assertArrayEquals(m.predict(x.get(0)), m.predict(x.get(0)), "inference is deterministic");
        }
        assertNotEquals(losses.get(0), losses.get(1), "dropout 0.5 on one layer changed nothing");
    }

    @Test
    void weightDecayShrinksTheWeights() {
        double[] norms = new double[2];
        for (int i = 0; i < 2; i++) {
            SplittableRandom r = new SplittableRandom(5);
            ManyToOne m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(10, 8), RnnSpec.of(CellType.LSTM, 16), Pooling.LAST, new Target.Binary()), COMPUTE, r);
            List<Seq> x = sequences(100, r);
            m.fit(x, labels(x), new Training(3, 10, Training.Method.ADAM, 0.01, 5).withWeightDecay(i == 0 ? 0 : 5), new SplittableRandom(6));
            for (Param p : m.params()) for (float v : p.value().data()) norms[i] += v * v;
        }
        assertTrue(norms[1] < 0.8 * norms[0], "squared weight norm with decay " + norms[1] + ", without " + norms[0]);
    }

    @Test
    void fitTellsItsListenerOfEveryEpochAndPrintingShowsTheFirstEveryNthAndTheLast() {
        SplittableRandom r = new SplittableRandom(5);
        ManyToOne model = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(10, 4), RnnSpec.of(CellType.GRU, 8), Pooling.LAST, new Target.Binary()), COMPUTE, r);
        List<Seq> x = sequences(64, r);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        Trainer.Listener printing = Trainer.Listener.printing(new java.io.PrintStream(printed, true), 7, 3);
        List<Integer> epochs = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        Trainer.Result result = model.fit(x, labels(x), new Training(7, 16, Training.Method.ADAM, 0.01, 5), r, new Trainer.Listener() {
            @Override
            public void step(int epoch, int batch, long step, double loss, long examples) {
                steps.add(step);
            }

            @Override
            public void epoch(Trainer.Epoch e, boolean best) {
                epochs.add(e.epoch());
                printing.epoch(e, best);
            }
        });
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), epochs);
        assertEquals(28, steps.size(), "4 batches of 16 in each of 7 epochs");
        List<String> lines = printed.toString().lines().toList();
        assertEquals(List.of("epoch 1/7", "epoch 3/7", "epoch 6/7", "epoch 7/7"), lines.stream().map(l -> l.substring(0, l.indexOf("  "))).toList(), printed.toString());
        assertTrue(lines.get(3).matches("epoch 7/7  train loss [0-9.]+  [0-9.]+ s"), lines.get(3));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", result.trainLoss()), lines.get(3).split("  ")[1].substring("train loss ".length()));
    }
}
