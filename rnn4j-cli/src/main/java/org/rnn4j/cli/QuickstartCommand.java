package org.rnn4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Adam;
import org.rnn4j.train.BinaryCrossEntropy;
import org.rnn4j.train.Gradients;
import org.rnn4j.train.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j quickstart}: the course's sentiment example at a small scale. Trains Embedding → LSTM → Dense
 * on the bundled reviews (label TAB text; word order matters: "was not good" vs "was good"), reports held-out
 * accuracy and shows the predictions.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Train a small LSTM sentiment model on bundled reviews and show what it learned.")
final class QuickstartCommand implements Callable<Integer> {
    private static final String DATA = "/quickstart-reviews.tsv";

    @Option(names = "--epochs", defaultValue = "40", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--cell", defaultValue = "LSTM", description = "RNN_TANH, RNN_RELU, LSTM or GRU (default: ${DEFAULT-VALUE}).")
    CellType cell;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", description = "Show stack traces of failures.")
    boolean verbose;

    record Example(float label, String text) {}

    @Override
    public Integer call() throws Exception {
        List<Example> all = read();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> shuffled = new ArrayList<>(all);
        for (int i = shuffled.size() - 1; i > 0; i--) java.util.Collections.swap(shuffled, i, rng.nextInt(i + 1));
        int nValid = shuffled.size() / 5;
        List<Example> valid = shuffled.subList(0, nValid), train = shuffled.subList(nValid, shuffled.size());
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<pad>", 0);
        vocab.put("<unk>", 1);
        for (Example e : train) for (String w : e.text().split(" ")) vocab.putIfAbsent(w, vocab.size());

        Compute compute = Compute.auto();
        int E = 16, H = 32, B = 16;
        Embedding emb = new Embedding(vocab.size(), E, rng);
        RnnStack rnn = new RnnStack(RnnStack.Config.of(cell, E, H), compute, rng);
        Dense fc = new Dense(H, 1, compute, rng);
        List<Param> params = new ArrayList<>(emb.params());
        params.addAll(rnn.params());
        params.addAll(fc.params());
        Adam adam = new Adam(params, 0.01);
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        System.out.printf("%d training and %d held-out reviews, vocabulary %d, %s(%d), kernels %s%n",
                train.size(), valid.size(), vocab.size(), cell, H, compute.kernels().name());

        long start = System.nanoTime();
        List<Example> order = new ArrayList<>(train);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int i = order.size() - 1; i > 0; i--) java.util.Collections.swap(order, i, rng.nextInt(i + 1));
            double sum = 0;
            int batches = 0;
            for (int from = 0; from < order.size(); from += B) {
                List<Example> batch = order.subList(from, Math.min(order.size(), from + B));
                Batch bt = Batch.of(batch, vocab);
                Gradients.zero(params);
                SequenceLayer.Output o = rnn.forward(emb.forward(bt.ids(), bt.size(), bt.steps()), bt.lengths(), null, null);
                Loss.Result loss = bce.evaluate(fc.forward(o.last().h().reshape(bt.size(), H)), bt.labels());
                Tensor dh = fc.backward(loss.grad());
                emb.backward(rnn.backward(null, new State(dh.reshape(1, bt.size(), H), null)).dx());
                Gradients.clipGlobalNorm(params, 5);
                adam.step();
                sum += loss.value();
                batches++;
            }
            if (epoch == 1 || epoch % 10 == 0 || epoch == epochs) {
                System.out.printf("epoch %3d  loss %.4f  held-out accuracy %.3f%n", epoch, sum / batches, accuracy(valid, vocab, emb, rnn, fc, H));
            }
        }
        System.out.printf("trained in %.1f s%n%nheld-out predictions (p = probability of a positive review):%n", (System.nanoTime() - start) / 1e9);
        float[] p = probabilities(valid, vocab, emb, rnn, fc, H);
        for (int i = 0; i < Math.min(12, valid.size()); i++) {
            Example e = valid.get(i);
            System.out.printf("  p=%.2f  %s  %s%n", p[i], (p[i] > 0.5) == (e.label() > 0.5) ? "right" : "WRONG", e.text());
        }
        return 0;
    }

    static double accuracy(List<Example> data, Map<String, Integer> vocab, Embedding emb, RnnStack rnn, Dense fc, int H) {
        float[] p = probabilities(data, vocab, emb, rnn, fc, H);
        int right = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] > 0.5) == (data.get(i).label() > 0.5)) right++;
        return (double) right / p.length;
    }

    static float[] probabilities(List<Example> data, Map<String, Integer> vocab, Embedding emb, RnnStack rnn, Dense fc, int H) {
        Batch bt = Batch.of(data, vocab);
        SequenceLayer.Output o = rnn.forward(emb.forward(bt.ids(), bt.size(), bt.steps()), bt.lengths(), null, null);
        float[] logits = fc.forward(o.last().h().reshape(bt.size(), H)).data();
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        return p;
    }

    /** Word ids [B, T] zero-padded to the longest review of the batch, with true lengths. */
    record Batch(int[] ids, int size, int steps, int[] lengths, float[] labels) {
        static Batch of(List<Example> examples, Map<String, Integer> vocab) {
            int B = examples.size(), T = 0;
            int[] lengths = new int[B];
            float[] labels = new float[B];
            for (int b = 0; b < B; b++) {
                lengths[b] = examples.get(b).text().split(" ").length;
                labels[b] = examples.get(b).label();
                T = Math.max(T, lengths[b]);
            }
            int[] ids = new int[B * T];
            for (int b = 0; b < B; b++) {
                String[] words = examples.get(b).text().split(" ");
                for (int t = 0; t < words.length; t++) ids[b * T + t] = vocab.getOrDefault(words[t], 1);
            }
            return new Batch(ids, B, T, lengths, labels);
        }
    }

    static List<Example> read() throws Exception {
        List<Example> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(QuickstartCommand.class.getResourceAsStream(DATA), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String[] parts = line.split("\t");
                if (parts.length != 2 || !(parts[0].equals("0") || parts[0].equals("1"))) {
                    throw new IllegalStateException(DATA + ":" + n + ": expected 'label<TAB>text' with label 0 or 1");
                }
                out.add(new Example(Float.parseFloat(parts[0]), parts[1].trim()));
            }
        }
        return out;
    }
}
