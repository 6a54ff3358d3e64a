package org.rnn4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.data.Seq;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.BinaryCrossEntropy;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Lengths;
import org.rnn4j.nn.Loss;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.nn.State;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Gradients;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.Sgd;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Precision;
import org.rnn4j.tensor.Tensor;

/**
 * The workloads W1-W5, I1-I3 of WORKLOADS.md built from the library's public pieces, with synthetic seeded
 * data of the exact shapes (16 batches cycled, as the PyTorch reference does).
 */
public final class Workloads {
    private static final int BATCHES = 16;

    private Workloads() {}

    public static List<String> ids() {
        List<String> ids = new java.util.ArrayList<>(List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "I1", "I2", "I3", "I1-int8", "I2-int8", "I1-bf16", "I2-bf16"));
        ids.addAll(parallelOverTime());
        return ids;
    }

    /**
     * The character LM of W2 (B 32, H 256, full BPTT) at T = 128, 512 and 2,048 with each of minGRU, minLSTM, GRU and
     * LSTM: {@code S512-mingru} and so on. What training in parallel over time gains against the stepped cells; not in
     * a default run.
     */
    public static List<String> parallelOverTime() {
        List<String> ids = new java.util.ArrayList<>();
        for (int T : new int[] {128, 512, 2048}) for (String cell : List.of("mingru", "minlstm", "gru", "lstm")) ids.add("S" + T + "-" + cell);
        return ids;
    }

    /** The scale workloads, several seconds a step: not in a default run. */
    public static List<String> scale() { return List.of("W6", "W7", "W8"); }

    public static Workload create(String id, Compute compute) {
        return switch (id) {
            case "W1" -> w1(compute);
            case "W2" -> w2(compute);
            case "W3" -> w3(compute);
            case "W4" -> w4(compute);
            case "W5" -> w5(compute);
            case "W6" -> charLm("W6", 16, 2000, 256, 1, 2000, compute, () -> {});
            case "W7" -> charLm("W7", 16, 2000, 256, 1, 100, compute, () -> {});
            case "W8" -> charLm("W8", 64, 64, 1024, 2, 64, compute, () -> {});
            case "I1" -> inference("I1", 1, Precision.FLOAT32, compute);
            case "I2" -> inference("I2", 256, Precision.FLOAT32, compute);
            case "I1-int8" -> inference("I1-int8", 1, Precision.INT8, compute);
            case "I2-int8" -> inference("I2-int8", 256, Precision.INT8, compute);
            case "I1-bf16" -> inference("I1-bf16", 1, Precision.BF16, compute);
            case "I2-bf16" -> inference("I2-bf16", 256, Precision.BF16, compute);
            case "I3" -> i3(compute);
            default -> {
                if (!parallelOverTime().contains(id)) throw new IllegalArgumentException("unknown workload " + id + "; expected one of " + ids());
                int T = Integer.parseInt(id.substring(1, id.indexOf('-')));
                yield charLm(id, 32, T, 256, 1, T, CellType.parse(id.substring(id.indexOf('-') + 1)), compute, () -> {});
            }
        };
    }

    static int[] randomIds(SplittableRandom r, int n, int from, int to) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(from, to);
        return ids;
    }

    static Tensor randomNormal(SplittableRandom r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) r.nextGaussian();
        return t;
    }

    static List<Param> all(List<Param> a, List<Param> b, List<Param> c) {
        List<Param> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }

    /** Embedding(10000,64) → SimpleRNN(128, tanh) → last state → Dense(1), BCE, SGD lr 0.01; B 64, T 100. */
    static Workload w1(Compute compute) {
        int B = 64, T = 100, H = 128;
        SplittableRandom init = new SplittableRandom(1234), data = new SplittableRandom(42);
        Embedding emb = new Embedding(10000, 64, compute, init);
        RnnStack rnn = new RnnStack(RnnStack.Config.of(CellType.RNN_TANH, 64, H), compute, init);
        Dense fc = new Dense(H, 1, compute, init);
        List<Param> params = all(emb.params(), rnn.params(), fc.params());
        Optimizer opt = new Sgd(params, 0.01);
        int[][] x = new int[BATCHES][];
        float[][] y = new float[BATCHES][B];
        for (int i = 0; i < BATCHES; i++) {
            x[i] = randomIds(data, B * T, 0, 10000);
            for (int b = 0; b < B; b++) y[i][b] = data.nextInt(2);
        }
        int[] lengths = Lengths.full(B, T);
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        int[] next = {0};
        return new Workload("W1", "Embedding(10000,64) -> SimpleRNN(128) -> Dense(1), BCE, SGD; B=64 T=100", "sequences/s", B, true,
                Flops.training(Flops.recurrent(B * T, 1, 64, 128) + Flops.dense(B, 128, 1)), () -> {
            int i = next[0]++ % BATCHES;
            Gradients.zero(params);
            SequenceLayer.Output o = rnn.forward(emb.forward(x[i], B, T), lengths, null, null);
            Loss.Result loss = bce.evaluate(fc.forward(o.last().h().reshape(B, H)), y[i]);
            Tensor dh = fc.backward(loss.grad());
            emb.backward(rnn.backward(null, new State(dh.reshape(1, B, H), null)).dx());
            opt.step();
        });
    }

    /** Embedding(96,64) → LSTM(256) → Dense(96) at every step, softmax CE, Adam lr 1e-3; B 32, T 128. */
    static Workload w2(Compute compute) {
        return charLm("W2", 32, 128, 256, 1, 128, compute, () -> {});
    }

    /**
     * A character language model: Embedding(96,64) → {@code layers} × LSTM(H) → Dense(96) at every step, softmax
     * CE, Adam lr 1e-3, on B sequences of T steps. With {@code k < T} truncated BPTT: the sequence is run in chunks
     * of k steps, each from the state the last one ended in (a constant to its gradient), with an optimizer step
     * after each chunk, as PyTorch users write it with {@code h.detach()}. W2, and the scale workloads W6-W8.
     * {@code afterForward} runs between the first chunk's forward and its backward ({@link #activationBytes}).
     */
    static Workload charLm(String id, int B, int T, int H, int layers, int k, Compute compute, Runnable afterForward) {
        return charLm(id, B, T, H, layers, k, CellType.LSTM, compute, afterForward);
    }

    /** {@link #charLm} with another cell; a cell parallel over time has only its input products. */
    static Workload charLm(String id, int B, int T, int H, int layers, int k, CellType cell, Compute compute, Runnable afterForward) {
        int V = 96;
        SplittableRandom init = new SplittableRandom(1234), data = new SplittableRandom(42);
        Embedding emb = new Embedding(V, 64, compute, init);
        RnnStack rnn = new RnnStack(new RnnStack.Config(cell, 64, H, layers, false, 0f), compute, init);
        Dense fc = new Dense(H, V, compute, init);
        List<Param> params = all(emb.params(), rnn.params(), fc.params());
        Optimizer opt = new Adam(params, 1e-3);
        int[][] x = new int[BATCHES][], y = new int[BATCHES][];
        for (int i = 0; i < BATCHES; i++) {
            x[i] = randomIds(data, B * T, 0, V);
            y[i] = randomIds(data, B * T, 0, V);
        }
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(compute);
        int[] next = {0};
        String layersText = layers == 1 ? "" : layers + " x ";
        String description = "Embedding(96,64) -> " + layersText + cell.optionName() + "(" + H + ") -> Dense(96) every step, CE, Adam; B=" + B + " T=" + T
                + (k < T ? ", truncated BPTT k=" + k : "");
        int G = cell.gates();
        double forward = (cell.parallelOverTime() ? Flops.dense(B * T, 64, G * H) + (layers - 1) * Flops.dense(B * T, H, G * H)
                : Flops.recurrent(B * T, G, 64, H) + (layers - 1) * Flops.recurrent(B * T, G, H, H)) + Flops.dense(B * T, H, V);
        return new Workload(id, description, "tokens/s", B * T, true, Flops.training(forward), () -> {
            int i = next[0]++ % BATCHES;
            State state = null;
            for (int start = 0; start < T; start += k) {
                int len = Math.min(k, T - start);
                int[] xs = chunk(x[i], B, T, start, len), ys = chunk(y[i], B, T, start, len);
                Gradients.zero(params);
                SequenceLayer.Output o = rnn.forward(emb.forward(xs, B, len), Lengths.full(B, len), state, null);
                Loss.Result loss = ce.evaluate(fc.forward(o.out()), ys);
                if (start == 0) afterForward.run();
                emb.backward(rnn.backward(fc.backward(loss.grad()), null).dx());
                opt.step();
                state = o.last();
            }
        });
    }

    /**
     * The heap a training step of a character-LM workload (W2, W6-W8) holds for its backward: the heap in use after a
     * full collection between the first chunk's forward and its backward, less that before the first step (so that
     * the buffers a layer keeps from step to step count), in bytes.
     * Grows with T under full BPTT and stays at one chunk's under truncated BPTT.
     */
    public static long activationBytes(String id, Compute compute) {
        return switch (id) {
            case "W2" -> activationBytes(32, 128, 256, 1, 128, compute);
            case "W6" -> activationBytes(16, 2000, 256, 1, 2000, compute);
            case "W7" -> activationBytes(16, 2000, 256, 1, 100, compute);
            case "W8" -> activationBytes(64, 64, 1024, 2, 64, compute);
            default -> -1;
        };
    }

    /** {@link #activationBytes(String, Compute)} of the character LM of {@link #charLm} with these sizes. */
    public static long activationBytes(int B, int T, int H, int layers, int k, Compute compute) {
        long[] used = new long[2];
        Workload w = charLm("LM", B, T, H, layers, k, compute, () -> used[1] = usedAfterGc());
        used[0] = usedAfterGc();                           // the model and the data; buffers a layer keeps between steps are made in its first
        w.step().run();
        return used[1] - used[0];
    }

    private static long usedAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Steps [start, start + len) of each of the B rows of ids [B, T]; the array itself when that is all of it. */
    private static int[] chunk(int[] ids, int B, int T, int start, int len) {
        if (len == T) return ids;
        int[] out = new int[B * len];
        for (int b = 0; b < B; b++) System.arraycopy(ids, b * T + start, out, b * len, len);
        return out;
    }

    /** F=28 → GRU(128) → last state → Dense(10), softmax CE, Adam; B 128, T 28. */
    static Workload w3(Compute compute) {
        int B = 128, T = 28, H = 128;
        SplittableRandom init = new SplittableRandom(1234), data = new SplittableRandom(42);
        RnnStack rnn = new RnnStack(RnnStack.Config.of(CellType.GRU, 28, H), compute, init);
        Dense fc = new Dense(H, 10, compute, init);
        List<Param> params = all(List.of(), rnn.params(), fc.params());
        Optimizer opt = new Adam(params, 1e-3);
        Tensor[] x = new Tensor[BATCHES];
        int[][] y = new int[BATCHES][];
        for (int i = 0; i < BATCHES; i++) {
            x[i] = randomNormal(data, B, T, 28);
            y[i] = randomIds(data, B, 0, 10);
        }
        int[] lengths = Lengths.full(B, T);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(compute);
        int[] next = {0};
        return new Workload("W3", "F=28 -> GRU(128) -> Dense(10), CE, Adam; B=128 T=28", "sequences/s", B, true,
                Flops.training(Flops.recurrent(B * T, 3, 28, 128) + Flops.dense(B, 128, 10)), () -> {
            int i = next[0]++ % BATCHES;
            Gradients.zero(params);
            SequenceLayer.Output o = rnn.forward(x[i], lengths, null, null);
            Loss.Result loss = ce.evaluate(fc.forward(o.last().h().reshape(B, H)), y[i]);
            rnn.backward(null, new State(fc.backward(loss.grad()).reshape(1, B, H), null));
            opt.step();
        });
    }

    /** GRU(256) encoder over Embedding(1000,128); its final state starts a GRU(256) decoder, Dense(1000) every step. */
    static Workload w4(Compute compute) {
        int B = 64, T = 20, V = 1000, H = 256;
        SplittableRandom init = new SplittableRandom(1234), data = new SplittableRandom(42);
        Embedding srcEmb = new Embedding(V, 128, compute, init);
        RnnStack enc = new RnnStack(RnnStack.Config.of(CellType.GRU, 128, H), compute, init);
        Embedding dstEmb = new Embedding(V, 128, compute, init);
        RnnStack dec = new RnnStack(RnnStack.Config.of(CellType.GRU, 128, H), compute, init);
        Dense fc = new Dense(H, V, compute, init);
        List<Param> params = all(srcEmb.params(), enc.params(), dstEmb.params());
        params.addAll(dec.params());
        params.addAll(fc.params());
        Optimizer opt = new Adam(params, 1e-3);
        int[][] src = new int[BATCHES][], decIn = new int[BATCHES][], tgt = new int[BATCHES][];
        for (int i = 0; i < BATCHES; i++) {
            src[i] = randomIds(data, B * T, 1, V);
            tgt[i] = randomIds(data, B * T, 1, V);
            decIn[i] = new int[B * T];                          // teacher forcing: <bos> = 0, then the target shifted
            for (int b = 0; b < B; b++) System.arraycopy(tgt[i], b * T, decIn[i], b * T + 1, T - 1);
        }
        int[] lengths = Lengths.full(B, T);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(compute);
        int[] next = {0};
        return new Workload("W4", "GRU(256) encoder -> GRU(256) decoder, teacher forcing, Dense(1000), CE, Adam; B=64 T=20+20", "sequence pairs/s", B, true,
                Flops.training(Flops.seq2seq(B, false)), () -> {
            int i = next[0]++ % BATCHES;
            Gradients.zero(params);
            SequenceLayer.Output e = enc.forward(srcEmb.forward(src[i], B, T), lengths, null, null);
            SequenceLayer.Output d = dec.forward(dstEmb.forward(decIn[i], B, T), lengths, e.last(), null);
            Loss.Result loss = ce.evaluate(fc.forward(d.out()), tgt[i]);
            SequenceLayer.Grads dg = dec.backward(fc.backward(loss.grad()), null);
            dstEmb.backward(dg.dx());
            srcEmb.backward(enc.backward(null, dg.dInit()).dx());
            opt.step();
        });
    }

    /**
     * The library's {@link Seq2Seq} model: GRU(256) encoder over Embedding(1000,128), GRU(256) decoder with Luong
     * general attention, tanh(combine([c; h])), Dense(1000); CE, Adam; B 64, source 20 tokens, target 19 + eos.
     */
    static Workload w5(Compute compute) {
        int B = 64, T = 20, V = 1000;
        SplittableRandom data = new SplittableRandom(42);
        Seq2Seq model = w5Model(V, compute);
        Optimizer opt = new Adam(model.params(), 1e-3);
        List<List<Seq>> src = new ArrayList<>();
        List<List<int[]>> tgt = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
            List<Seq> s = new ArrayList<>();
            List<int[]> t = new ArrayList<>();
            for (int b = 0; b < B; b++) {
                s.add(Seq.of(randomIds(data, T, 4, V)));
                t.add(randomIds(data, T - 1, 4, V));
            }
            src.add(s);
            tgt.add(t);
        }
        int[] next = {0};
        return new Workload("W5", "Seq2Seq: GRU(256) encoder -> GRU(256) decoder + general attention, Dense(1000), CE, Adam; B=64 T=20+20",
                "sequence pairs/s", B, true, Flops.training(Flops.seq2seq(B, true)), () -> {
            int i = next[0]++ % BATCHES;
            Gradients.zero(model.params());
            model.trainBatch(src.get(i), tgt.get(i), null);
            opt.step();
        });
    }

    /** W5 and I3's encoder-decoder: GRU(256), E 128, general attention, V target tokens; seeded. */
    static Seq2Seq w5Model(int V, Compute compute) {
        return new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(V, 128), V, 128, RnnSpec.of(CellType.GRU, 256), Attention.Score.GENERAL, 2, 3),
                compute, new SplittableRandom(1234));
    }

    /** W5's model, forward only: the teacher-forced logits [64, 20, 1000] of one batch. */
    static Workload i3(Compute compute) {
        int B = 64, T = 20, V = 1000;
        SplittableRandom data = new SplittableRandom(42);
        Seq2Seq model = w5Model(V, compute);
        List<Seq> src = new ArrayList<>();
        List<int[]> tgt = new ArrayList<>();
        for (int b = 0; b < B; b++) {
            src.add(Seq.of(randomIds(data, T, 4, V)));
            tgt.add(randomIds(data, T - 1, 4, V));
        }
        return new Workload("I3", "W5's Seq2Seq forward, teacher-forced; B=64 T=20+20", "sequence pairs/s", B, true, Flops.seq2seq(B, true),
                () -> model.logits(src, tgt));
    }

    /** F=32 → LSTM(128) → last state → Dense(2), forward only; T 50; the weights in {@code precision}. */
    static Workload inference(String id, int B, Precision precision, Compute compute) {
        int T = 50, H = 128;
        SplittableRandom init = new SplittableRandom(1234), data = new SplittableRandom(42);
        RnnStack rnn = new RnnStack(RnnStack.Config.of(CellType.LSTM, 32, H), compute, init);
        Dense fc = new Dense(H, 2, compute, init);
        for (Param p : all(rnn.params(), fc.params(), List.of())) if (p.value().shape().length == 2) p.value().store(precision);
        Tensor x = randomNormal(data, B, T, 32);
        int[] lengths = Lengths.full(B, T);
        boolean latency = B == 1;
        return new Workload(id, "F=32 -> LSTM(128) -> Dense(2), forward only" + (precision == Precision.FLOAT32 ? "" : ", weights in " + precision) + "; B=" + B + " T=50",
                latency ? "us/sequence" : "sequences/s", B, !latency, Flops.recurrent(B * T, 4, 32, H) + Flops.dense(B, H, 2),
                () -> fc.forward(rnn.inferLast(x, lengths, null).h().reshape(B, H)));
    }
}
