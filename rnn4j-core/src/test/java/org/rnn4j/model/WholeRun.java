package org.rnn4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.rnn4j.data.Seq;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.EpochOrder;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.Training;

/**
 * The whole-run parity configurations: five trainings of 300 steps at sizes that take the fast paths (H 128, B 32,
 * two threads), each on generated data of varying lengths. {@link #main} writes, for each, the initial weights,
 * every batch in rnn4j's order (token ids padded with 0, lengths, targets padded with -1) and the settings, for
 * {@code tools/whole_run_parity.py} to train the same model in PyTorch; the test replays rnn4j's side.
 */
final class WholeRun {
    static final int STEPS = 300, BATCH = 32, HIDDEN = 128, BATCHES_PER_EPOCH = 30, EXAMPLES = BATCH * BATCHES_PER_EPOCH;
    static final long SEED = 27;

    /** One training: its model, data, settings, the seed that orders its batches and draws its dropout, and what the PyTorch script needs to know of them. */
    record Case<X, Y>(String name, Supplier<Model<X, Y>> model, List<X> x, List<Y> y, Training training, long seed, Map<String, Object> settings) {}

    /** What a run did: each step's loss, and the weights at the end. */
    record Result(double[] losses, Map<String, Tensor> weights) {}

    static List<Case<?, ?>> cases() {
        return List.of(languageModel(), encoderDecoder(), tagger(), simpleRnn(), translator());
    }

    static Compute compute() {
        return new Compute(Compute.bestKernels(), 2);
    }

    /**
     * The language model with dropout 0.3 (between the layers and before the head), trained with seeds 1-5: dropout
     * draws other masks in each framework, so these are compared by the mean and spread of the last epoch's loss.
     */
    static List<Case<?, ?>> dropoutCases() {
        List<Case<?, ?>> out = new ArrayList<>();
        for (long s = 1; s <= 5; s++) out.add(languageModel("lstm_lm_dropout_s" + s, 0.3f, s));
        return out;
    }

    /** A two-layer LSTM character LM on generated lines of 5-60 characters: Adam, clip 1.0, weight decay, learning-rate decay. */
    static Case<Seq, int[]> languageModel() {
        return languageModel("lstm_lm", 0f, SEED);
    }

    private static Case<Seq, int[]> languageModel(String name, float dropout, long seed) {
        SplittableRandom rng = new SplittableRandom(1);
        String[] words = {"the", "seed", "was", "sown", "in", "good", "ground", "and", "it", "grew", "up", "bare", "fruit", "an", "hundredfold"};
        int vocab = 28;                                                    // 0 padding, 1 space, 2-27 a-z
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            StringBuilder line = new StringBuilder();
            int length = rng.nextInt(5, 61);
            while (line.length() < length) line.append(line.isEmpty() ? "" : " ").append(words[rng.nextInt(words.length)]);
            int[] ids = line.substring(0, length).chars().map(c -> c == ' ' ? 1 : c - 'a' + 2).toArray();
            x.add(Seq.of(java.util.Arrays.copyOf(ids, ids.length - 1)));
            y.add(java.util.Arrays.copyOfRange(ids, 1, ids.length));
        }
        ManyToMany.Config config = new ManyToMany.Config(new InputSpec.Tokens(vocab, 32), new RnnSpec(CellType.LSTM, HIDDEN, 2, false, dropout), vocab);
        Training t = new Training(STEPS / BATCHES_PER_EPOCH, BATCH, Training.Method.ADAM, 0.005, 0.9, 1.0, 0.01, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        Map<String, Object> s = settings("many-to-many", "LSTM", vocab, 32, 2, false, vocab, t);
        s.put("dropout", dropout);
        s.put("seed", seed);
        return new Case<>(name, () -> new ManyToMany(config, compute(), new SplittableRandom(SEED)), x, y, t, seed, s);
    }

    /** A GRU encoder-decoder with general attention, reversing generated token strings of 3-20 tokens: Adam, clip. */
    static Case<Seq, int[]> encoderDecoder() {
        return encoderDecoder("gru_seq2seq_attention", RnnSpec.of(CellType.GRU, HIDDEN), 0.001);
    }

    /**
     * The translation example's architecture: a bidirectional LSTM encoder whose two directions' last states, summed,
     * start an LSTM decoder with general attention over both directions' outputs; the same strings, Adam, clip.
     */
    static Case<Seq, int[]> translator() {
        return encoderDecoder("bilstm_seq2seq_attention", new RnnSpec(CellType.LSTM, HIDDEN, 1, true, 0f), 0.001);
    }

    private static Case<Seq, int[]> encoderDecoder(String name, RnnSpec rnn, double lr) {
        SplittableRandom rng = new SplittableRandom(2);
        int vocab = 24, bos = 2, eos = 3;                                  // 0 padding, 1 unknown, 2 <bos>, 3 <eos>
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            int[] source = rng.ints(rng.nextInt(3, 21), 4, vocab).toArray();
            int[] target = new int[source.length];
            for (int t = 0; t < source.length; t++) target[t] = source[source.length - 1 - t];
            x.add(Seq.of(source));
            y.add(target);
        }
        Seq2Seq.Config config = new Seq2Seq.Config(new InputSpec.Tokens(vocab, 32), vocab, 32, rnn, Attention.Score.GENERAL, bos, eos);
        Training t = new Training(STEPS / BATCHES_PER_EPOCH, BATCH, Training.Method.ADAM, lr, 0.7, 1.0, 0, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        Map<String, Object> s = settings("seq2seq", rnn.cell().name(), vocab, 32, 1, rnn.bidirectional(), vocab, t);
        s.put("score", "GENERAL");
        s.put("bos", bos);
        s.put("eos", eos);
        return new Case<>(name, () -> new Seq2Seq(config, compute(), new SplittableRandom(SEED)), x, y, t, SEED, s);
    }

    /** A bidirectional LSTM tagger on generated sentences of 4-40 tokens, whose tags depend on both neighbours: AdamW. */
    static Case<Seq, int[]> tagger() {
        SplittableRandom rng = new SplittableRandom(3);
        int vocab = 40, tags = 5;
        List<Seq> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            int[] tokens = rng.ints(rng.nextInt(4, 41), 1, vocab).toArray();
            int[] t = new int[tokens.length];
            for (int s = 0; s < tokens.length; s++) t[s] = (tokens[s] + (s > 0 ? tokens[s - 1] : 0) + (s + 1 < tokens.length ? 2 * tokens[s + 1] : 0)) % tags;
            x.add(Seq.of(tokens));
            y.add(t);
        }
        ManyToMany.Config config = new ManyToMany.Config(new InputSpec.Tokens(vocab, 16), new RnnSpec(CellType.LSTM, HIDDEN, 1, true, 0f), tags);
        Training t = new Training(STEPS / BATCHES_PER_EPOCH, BATCH, Training.Method.ADAM, 0.005, 1.0, 0, 0.05, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        return new Case<>("bilstm_tagger", () -> new ManyToMany(config, compute(), new SplittableRandom(SEED)), x, y, t, SEED,
                settings("many-to-many", "LSTM", vocab, 16, 1, true, tags, t));
    }

    /** The course's simple RNN, many-to-one, on generated sequences of 3-30 tokens labelled by which of two tokens is more frequent: plain SGD and BCE. */
    static Case<Seq, float[]> simpleRnn() {
        SplittableRandom rng = new SplittableRandom(4);
        int vocab = 30;
        List<Seq> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            int[] tokens = rng.ints(rng.nextInt(3, 31), 1, vocab).toArray();
            long a = java.util.Arrays.stream(tokens).filter(v -> v < 10).count(), b = java.util.Arrays.stream(tokens).filter(v -> v >= 20).count();
            x.add(Seq.of(tokens));
            y.add(new float[] {a > b ? 1 : 0});
        }
        ManyToOne.Config config = new ManyToOne.Config(new InputSpec.Tokens(vocab, 16), RnnSpec.of(CellType.RNN_TANH, HIDDEN), Pooling.LAST, new Target.Binary());
        Training t = new Training(STEPS / BATCHES_PER_EPOCH, BATCH, Training.Method.SGD, 0.05, 1.0, 0, 0, 0, Monitor.TRAIN_LOSS, 0, Training.IN_MEMORY);
        return new Case<>("simple_rnn_many_to_one", () -> new ManyToOne(config, compute(), new SplittableRandom(SEED)), x, y, t, SEED,
                settings("many-to-one", "RNN_TANH", vocab, 16, 1, false, 1, t));
    }

    private static Map<String, Object> settings(String kind, String cell, int vocab, int embedding, int layers, boolean bidirectional, int classes, Training t) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", kind);
        s.put("cell", cell);
        s.put("vocab", vocab);
        s.put("embedding", embedding);
        s.put("hidden", HIDDEN);
        s.put("layers", layers);
        s.put("bidirectional", bidirectional);
        s.put("classes", classes);
        putTraining(s, t);
        return s;
    }

    /** The update and its schedule, as the PyTorch script reads them. */
    static void putTraining(Map<String, Object> s, Training t) {
        s.put("optimizer", t.optimizer().name());
        s.put("lr", t.learningRate());
        s.put("lr_decay", t.lrDecay());
        s.put("clip", t.clipNorm());
        s.put("weight_decay", t.weightDecay());
        s.put("epochs", t.epochs());
    }

    /** Trains {@code c} as rnn4j trains, recording each step's loss; {@code batches}, when not null, receives every batch in order. */
    static <X, Y> Result train(Case<X, Y> c, Model<X, Y> model, List<List<Example<X, Y>>> batches) throws IOException {
        EpochOrder<X, Y> data = EpochOrder.of(c.x(), c.y(), c.training().batchSize());
        Trainer<X, Y> trainer = new Trainer<>(model, model.params(), c.training(), c.seed());
        if (batches != null) for (int e = 1; e <= c.training().epochs(); e++) for (Iterator<List<Example<X, Y>>> it = trainer.batches(data, e); it.hasNext(); ) batches.add(it.next());
        List<Double> losses = new ArrayList<>();
        Trainer.Saver none = new Trainer.Saver() {
            @Override public void checkpoint(Trainer.State s) {}

            @Override public void best(Trainer.State s) {}
        };
        trainer.run(data, null, Trainer.State.start(), none, new Trainer.Listener() {
            @Override
            public void step(int epoch, int batch, long step, double loss, long examples) {
                losses.add(loss);
            }
        }, new AtomicBoolean());
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Param p : model.params()) weights.put(p.name(), p.value());
        return new Result(losses.stream().mapToDouble(Double::doubleValue).toArray(), weights);
    }

    /**
     * Writes, for every case (or those named after the folder; {@code --dropout}: the five dropout runs),
     * NAME.init.safetensors, NAME.batches.safetensors, NAME.final.safetensors (rnn4j's weights after the run) and NAME.json
     * into the folder.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<String> only = List.of(args).subList(1, args.length);
        List<Case<?, ?>> all = only.contains("--dropout") ? dropoutCases() : cases();
        for (Case<?, ?> c : all) if (only.isEmpty() || only.contains("--dropout") || only.contains(c.name())) dump(c, dir);
    }

    static <X, Y> void dump(Case<X, Y> c, Path dir) throws IOException {
        Model<X, Y> model = c.model().get();
        Map<String, Tensor> init = new LinkedHashMap<>();
        for (Param p : model.params()) init.put(p.name(), p.value().copy());
        SafeTensors.write(dir.resolve(c.name() + ".init.safetensors"), init, Map.of());
        List<List<Example<X, Y>>> batches = new ArrayList<>();
        Result r = train(c, model, batches);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int s = 0; s < batches.size(); s++) {
            List<Example<X, Y>> b = batches.get(s);
            int steps = b.stream().mapToInt(e -> ((Seq.Tokens) e.x()).ids().length).max().orElse(0);
            float[] ids = new float[b.size() * steps], lengths = new float[b.size()];
            for (int i = 0; i < b.size(); i++) {
                int[] t = ((Seq.Tokens) b.get(i).x()).ids();
                lengths[i] = t.length;
                for (int k = 0; k < t.length; k++) ids[i * steps + k] = t[k];
            }
            tensors.put("x." + s, new Tensor(ids, b.size(), steps));
            tensors.put("lengths." + s, new Tensor(lengths, b.size()));
            tensors.put("y." + s, targets(b));
        }
        SafeTensors.write(dir.resolve(c.name() + ".batches.safetensors"), tensors, Map.of());
        SafeTensors.write(dir.resolve(c.name() + ".final.safetensors"), r.weights(), Map.of());
        Map<String, Object> settings = new LinkedHashMap<>(c.settings());
        settings.put("steps", batches.size());
        settings.put("rnn4j_losses", r.losses());
        new ObjectMapper().writeValue(dir.resolve(c.name() + ".json").toFile(), settings);
    }

    /** Targets: int[] padded with -1 to [B, T], or float[] as [B, width]. */
    private static <X, Y> Tensor targets(List<Example<X, Y>> b) {
        if (b.get(0).y() instanceof float[] first) {
            float[] out = new float[b.size() * first.length];
            for (int i = 0; i < b.size(); i++) System.arraycopy((float[]) b.get(i).y(), 0, out, i * first.length, first.length);
            return new Tensor(out, b.size(), first.length);
        }
        int steps = b.stream().mapToInt(e -> ((int[]) e.y()).length).max().orElse(0);
        float[] out = new float[b.size() * steps];
        java.util.Arrays.fill(out, -1);
        for (int i = 0; i < b.size(); i++) {
            int[] t = (int[]) b.get(i).y();
            for (int k = 0; k < t.length; k++) out[i * steps + k] = t[k];
        }
        return new Tensor(out, b.size(), steps);
    }
}
