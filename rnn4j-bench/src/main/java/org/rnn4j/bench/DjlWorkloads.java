package org.rnn4j.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rnn4j.tensor.Compute;

/**
 * The workloads of {@link Workloads} built from DJL's own blocks on libtorch ({@link RNN}, {@link LSTM}, {@link GRU}
 * = at::rnn_tanh, at::lstm, at::gru; {@link Embedding}; {@link Linear}; DJL's losses, Sgd and Adam through a
 * {@link Trainer}), the same shapes, losses and optimizers as tools/pytorch_bench.py, 16 seeded batches cycled. A
 * training step is forward, loss, backward and update, with every intermediate array freed at its end; an inference
 * step is a forward with training off (DJL's default no-grad mode). W5 and I3 are left out: DJL has no attention
 * block.
 */
final class DjlWorkloads {
    private static final int BATCHES = 16;

    private DjlWorkloads() {}

    static List<String> ids() { return List.of("W1", "W2", "W3", "W4", "W6", "W7", "W8", "I1", "I2"); }

    /** A workload with the model and arrays it owns; {@code params} is counted from the block, {@code expected} is PyTorch's. */
    record Run(Workload workload, long params, long expected, Model model, AutoCloseable trainer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (trainer != null) trainer.close();
            model.close();
        }
    }

    static Run create(String id) {
        Engine.getInstance().setRandomSeed(1234);
        SplittableRandom g = new SplittableRandom(42);
        Model model = Model.newInstance(id, Device.cpu(), "PyTorch");
        NDManager data = model.getNDManager().newSubManager();
        return switch (id) {
            case "W1" -> {
                int B = 64, T = 100, V = 10000;
                Block block = new SequentialBlock().add(new TokenEmbedding(V, 64))
                        .add(RNN.builder().setStateSize(128).setNumLayers(1).setActivation(RNN.Activation.TANH).optBatchFirst(true).optReturnState(true).build())
                        .add(lastState()).add(Linear.builder().setUnits(1).build());
                List<NDList> batches = new ArrayList<>();
                for (int k = 0; k < BATCHES; k++) {
                    float[] y = new float[B];
                    for (int i = 0; i < B; i++) y[i] = g.nextInt(2);
                    batches.add(new NDList(data.create(ids(g, B * T, V), new Shape(B, T)), data.create(y, new Shape(B))));
                }
                Trainer t = trainer(model, block, Loss.sigmoidBinaryCrossEntropyLoss(), Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build(), new Shape(B, T));
                yield new Run(training(id, "sequences/s", B, ours(id), t, data, batches, 1, -1), count(block),
                        (long) V * 64 + 128L * (64 + 128) + 2 * 128 + 129, model, t);
            }
            case "W2" -> charLm(id, 32, 128, 256, 1, 128, model, data, g);
            case "W6" -> charLm(id, 16, 2000, 256, 1, 2000, model, data, g);
            case "W7" -> charLm(id, 16, 2000, 256, 1, 100, model, data, g);
            case "W8" -> charLm(id, 64, 64, 1024, 2, 64, model, data, g);
            case "W3" -> {
                int B = 128, T = 28, F = 28;
                Block block = new SequentialBlock().add(GRU.builder().setStateSize(128).setNumLayers(1).optBatchFirst(true).optReturnState(true).build())
                        .add(lastState()).add(Linear.builder().setUnits(10).build());
                List<NDList> batches = new ArrayList<>();
                for (int k = 0; k < BATCHES; k++) batches.add(new NDList(data.create(normal(g, B * T * F), new Shape(B, T, F)), data.create(ids(g, B, 10), new Shape(B))));
                Trainer t = trainer(model, block, Loss.softmaxCrossEntropyLoss(), adam(), new Shape(B, T, F));
                yield new Run(training(id, "sequences/s", B, ours(id), t, data, batches, 1, -1), count(block),
                        3L * 128 * (F + 128) + 2 * 3 * 128 + 128 * 10 + 10, model, t);
            }
            case "W4" -> {
                int B = 64, T = 20, V = 1000;
                Block block = new Seq2Seq();
                List<NDList> batches = new ArrayList<>();
                for (int k = 0; k < BATCHES; k++) {
                    long[] src = ids(g, B * T, V), tgt = ids(g, B * T, V), decIn = new long[B * T];
                    for (int b = 0; b < B; b++) System.arraycopy(tgt, b * T, decIn, b * T + 1, T - 1);   // <bos> = 0, then the target shifted
                    batches.add(new NDList(data.create(src, new Shape(B, T)), data.create(decIn, new Shape(B, T)), data.create(tgt, new Shape(B * T))));
                }
                Trainer t = trainer(model, block, Loss.softmaxCrossEntropyLoss(), adam(), new Shape(B, T), new Shape(B, T));
                long gru = 3L * 256 * (128 + 256) + 2 * 3 * 256;
                yield new Run(training(id, "sequence pairs/s", B, ours(id), t, data, batches, 2, V), count(block),
                        2 * (V * 128L + gru) + 256L * V + V, model, t);
            }
            case "I1", "I2" -> {
                int B = id.equals("I1") ? 1 : 256, T = 50, F = 32;
                Block block = new SequentialBlock().add(LSTM.builder().setStateSize(128).setNumLayers(1).optBatchFirst(true).optReturnState(true).build())
                        .add(lastState()).add(Linear.builder().setUnits(2).build());
                model.setBlock(block);
                block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(B, T, F));
                ParameterStore ps = new ParameterStore(model.getNDManager(), false);
                NDArray x = data.create(normal(g, B * T * F), new Shape(B, T, F));
                Workload ours = ours(id);
                Workload w = new Workload(id, ours.description(), ours.unit(), B, ours.higherIsBetter(), ours.flopsPerStep(), () -> {
                    try (NDManager step = data.newSubManager()) {
                        x.tempAttach(step);                       // what forward creates lands in step and is freed with it
                        block.forward(ps, new NDList(x), false);
                    }
                });
                yield new Run(w, count(block), 4L * 128 * (F + 128) + 2 * 4 * 128 + 128 * 2 + 2, model, null);
            }
            default -> throw new IllegalArgumentException("DJL runs " + ids() + ", not " + id);
        };
    }

    /** Embedding(96,64) → layers × LSTM(H) → Linear(96) every step, Adam; chunks of k steps (truncated BPTT) when k &lt; T. */
    private static Run charLm(String id, int B, int T, int H, int layers, int k, Model model, NDManager data, SplittableRandom g) {
        int V = 96;
        CharLm block = new CharLm(H, layers);
        List<NDList> batches = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) batches.add(new NDList(data.create(ids(g, B * T, V), new Shape(B, T)), data.create(ids(g, B * T, V), new Shape(B, T))));
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Trainer t = trainer(model, block, loss, adam(), new Shape(B, Math.min(k, T)));
        int[] next = {0};
        Workload ours = ours(id);
        Workload w = new Workload(id, ours.description(), ours.unit(), B * T, true, ours.flopsPerStep(), () -> {
            NDList batch = batches.get(next[0]++ % BATCHES);
            try (NDManager step = data.newSubManager()) {
                NDList state = new NDList();
                for (int start = 0; start < T; start += k) {
                    try (NDManager chunk = step.newSubManager()) {
                        NDArray x = batch.get(0), y = batch.get(1);
                        x.tempAttach(chunk);
                        y.tempAttach(chunk);
                        String cols = ":, " + start + ":" + Math.min(T, start + k);
                        NDList in = new NDList(x.get(cols));
                        in.addAll(state);
                        NDList out;
                        try (GradientCollector gc = t.newGradientCollector()) {
                            out = t.forward(in);
                            gc.backward(loss.evaluate(new NDList(y.get(cols).reshape(-1)), new NDList(out.get(0).reshape(-1, V))));
                        }
                        t.step();
                        state = new NDList(out.get(1).stopGradient(), out.get(2).stopGradient());
                        state.attach(step);                      // carried to the next chunk, freed with the step
                    }
                }
            }
        });
        long lstm = 4L * H * (64 + H) + 8L * H + (layers - 1) * (4L * H * (H + H) + 8L * H);
        return new Run(w, count(block), V * 64L + lstm + H * (long) V + V, model, t);
    }

    /** rnn4j's workload of the same id, for its description and its count of FLOPs. */
    private static Workload ours(String id) {
        return Workloads.create(id, new Compute(Compute.bestKernels(), 1));
    }

    private static Trainer trainer(Model model, Block block, Loss loss, Optimizer opt, Shape... inputs) {
        model.setBlock(block);
        Trainer t = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt).optDevices(new Device[] {Device.cpu()}));
        t.initialize(inputs);
        return t;
    }

    private static Optimizer adam() {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
    }

    /**
     * A training step on the next batch: inputs are the first {@code inputs} arrays, the label the last; the output is
     * reshaped to [N, classes] when {@code classes} &gt; 0.
     */
    private static Workload training(String id, String unit, int units, Workload ours, Trainer t, NDManager data, List<NDList> batches, int inputs, int classes) {
        int[] next = {0};
        Loss loss = t.getLoss();
        return new Workload(id, ours.description(), unit, units, true, ours.flopsPerStep(), () -> {
            NDList batch = batches.get(next[0]++ % batches.size());
            try (NDManager step = data.newSubManager()) {
                for (NDArray a : batch) a.tempAttach(step);
                try (GradientCollector gc = t.newGradientCollector()) {
                    NDArray pred = t.forward(new NDList(batch.subNDList(0, inputs))).head();
                    gc.backward(loss.evaluate(new NDList(batch.get(inputs)), new NDList(classes > 0 ? pred.reshape(-1, classes) : pred)));
                }
                t.step();
            }
        });
    }

    private static long count(Block block) {
        long n = 0;
        for (var p : block.getParameters()) n += p.getValue().getArray().size();
        return n;
    }

    private static long[] ids(SplittableRandom g, int n, int v) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = g.nextInt(v);
        return out;
    }

    private static float[] normal(SplittableRandom g, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) g.nextGaussian();
        return out;
    }

    /** The last layer's final hidden state h_n[-1] of a recurrent block that returns its state. */
    private static LambdaBlock lastState() {
        return new LambdaBlock(l -> new NDList(l.get(1).squeeze(0)), "last_state");
    }

    /** nn.Embedding(V, E): DJL's Embedding keyed by the token id itself. */
    private static final class TokenEmbedding extends Embedding<Long> {
        TokenEmbedding(int tokens, int size) {
            super(new Builder().setEmbeddingSize(size).optNumEmbeddings(tokens).optUseDefault(false));
        }

        private static final class Builder extends Embedding.BaseBuilder<Long, Builder> {
            Builder() { embeddingType = Long.class; }
            @Override protected Builder setType(Class<Long> t) { return this; }
            @Override protected Builder self() { return this; }
        }

        @Override public byte[] encode(Long x) { return ByteBuffer.allocate(8).putLong(x).array(); }
        @Override public Long decode(byte[] b) { return ByteBuffer.wrap(b).getLong(); }
        @Override public long embed(Long x) { return x; }
        @Override public Optional<Long> unembed(long i) { return Optional.of(i); }
        @Override public boolean hasItem(Long x) { return x >= 0 && x < numEmbeddings; }
    }

    /** W2, W6-W8: Embedding(96, 64) → layers × LSTM(H) → Linear(96); inputs x [B, T] and optionally (h, c); outputs (logits, h, c). */
    private static final class CharLm extends AbstractBlock {
        private final Block emb, lstm, fc;
        private final int hidden;

        CharLm(int hidden, int layers) {
            this.hidden = hidden;
            emb = addChildBlock("emb", new TokenEmbedding(96, 64));
            lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hidden).setNumLayers(layers).optBatchFirst(true).optReturnState(true).build());
            fc = addChildBlock("fc", Linear.builder().setUnits(96).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDList x = emb.forward(ps, new NDList(in.get(0)), training);
            if (in.size() == 3) x = new NDList(x.head(), in.get(1), in.get(2));
            NDList out = lstm.forward(ps, x, training);
            return new NDList(fc.forward(ps, new NDList(out.get(0)), training).head(), out.get(1), out.get(2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) { return new Shape[] {new Shape(in[0].get(0), in[0].get(1), 96)}; }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
            emb.initialize(m, t, in[0]);
            Shape e = emb.getOutputShapes(new Shape[] {in[0]})[0];
            lstm.initialize(m, t, e);
            fc.initialize(m, t, new Shape(in[0].get(0), in[0].get(1), hidden));
        }
    }

    /** W4: the source's Embedding → GRU encoder; its final state starts the GRU decoder over the teacher-forced input. */
    private static final class Seq2Seq extends AbstractBlock {
        private final Block srcEmb, enc, decEmb, dec, fc;

        Seq2Seq() {
            srcEmb = addChildBlock("src_emb", new TokenEmbedding(1000, 128));
            enc = addChildBlock("enc", GRU.builder().setStateSize(256).setNumLayers(1).optBatchFirst(true).optReturnState(true).build());
            decEmb = addChildBlock("dec_emb", new TokenEmbedding(1000, 128));
            dec = addChildBlock("dec", GRU.builder().setStateSize(256).setNumLayers(1).optBatchFirst(true).build());
            fc = addChildBlock("fc", Linear.builder().setUnits(1000).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDArray h = enc.forward(ps, srcEmb.forward(ps, new NDList(in.get(0)), training), training).get(1);
            NDArray d = dec.forward(ps, new NDList(decEmb.forward(ps, new NDList(in.get(1)), training).head(), h), training).head();
            return fc.forward(ps, new NDList(d), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) { return new Shape[] {new Shape(in[1].get(0), in[1].get(1), 1000)}; }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
            srcEmb.initialize(m, t, in[0]);
            enc.initialize(m, t, srcEmb.getOutputShapes(new Shape[] {in[0]}));
            decEmb.initialize(m, t, in[1]);
            Shape de = decEmb.getOutputShapes(new Shape[] {in[1]})[0];
            dec.initialize(m, t, de, new Shape(1, in[1].get(0), 256));
            fc.initialize(m, t, dec.getOutputShapes(new Shape[] {de})[0]);
        }
    }
}
