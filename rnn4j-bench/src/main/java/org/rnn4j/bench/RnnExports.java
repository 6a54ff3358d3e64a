package org.rnn4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Target;
import org.rnn4j.nn.CellType;
import org.rnn4j.onnx.Onnx;
import org.rnn4j.tensor.Compute;

/**
 * The inference workloads on rnn4j's own ONNX export, for {@link OnnxRuntimeBench}: I1 and I2's LSTM classifier as a
 * many-to-one graph (features [B, 50, 32], lengths), and I3's encoder-decoder as its two graphs, the decoder stepped 20
 * times over the teacher-forced tokens with the state it returns.
 */
final class RnnExports {
    private RnnExports() {}

    /** Exports the two models into {@code dir}: {@code lstm.onnx}, {@code seq2seq-encoder.onnx}, {@code seq2seq-decoder.onnx}. */
    static Path write(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        Compute compute = new Compute(Compute.bestKernels(), 1);
        var lstm = new ManyToOne(new ManyToOne.Config(new InputSpec.Vectors(32), RnnSpec.of(CellType.LSTM, 128), Pooling.LAST, new Target.Classes(2)), compute, new SplittableRandom(1234));
        Onnx.export(lstm, Map.of(), dir.resolve("lstm.onnx"));
        Onnx.export(Workloads.w5Model(1000, compute), Map.of(), dir.resolve("seq2seq.onnx"));
        return dir;
    }

    static OnnxRuntimeBench.Run run(OrtEnvironment env, Path dir, String id, OrtSession.SessionOptions options) throws OrtException {
        SplittableRandom r = new SplittableRandom(42);
        switch (id) {
            case "I1", "I2" -> {
                int b = id.equals("I1") ? 1 : 256;
                OnnxTensor in = OnnxRuntimeBench.features(env, b, r);
                long[] lengths = new long[b];
                java.util.Arrays.fill(lengths, 50);
                OrtSession s = env.createSession(dir.resolve("lstm.onnx").toString(), options);
                OnnxTensor len = OnnxTensor.createTensor(env, LongBuffer.wrap(lengths), new long[] {b});
                return new OnnxRuntimeBench.Run(new Workload(id, "F=32 -> LSTM(128) -> Dense(2), forward only; B=" + b + " T=50; rnn4j's export", b == 1 ? "us/sequence" : "sequences/s", b, b != 1,
                        Flops.recurrent(b * 50, 4, 32, 128) + Flops.dense(b, 128, 2), () -> OnnxRuntimeBench.once(s, Map.of("features", in, "lengths", len))), List.of(s), List.of(in, len));
            }
            case "I3" -> {
                int b = 64, t = 20;
                long[] src = new long[b * t], lengths = new long[b];
                long[][] steps = new long[t][b];
                for (int i = 0; i < src.length; i++) src[i] = r.nextInt(4, 1000);
                for (int s = 0; s < t; s++) for (int i = 0; i < b; i++) steps[s][i] = s == 0 ? 2 : r.nextInt(4, 1000);
                java.util.Arrays.fill(lengths, t);
                OrtSession encoder = env.createSession(dir.resolve("seq2seq-encoder.onnx").toString(), options);
                OrtSession decoder = env.createSession(dir.resolve("seq2seq-decoder.onnx").toString(), options);
                List<OnnxTensor> inputs = new ArrayList<>(List.of(OnnxTensor.createTensor(env, LongBuffer.wrap(src), new long[] {b, t}),
                        OnnxTensor.createTensor(env, LongBuffer.wrap(lengths), new long[] {b})));
                for (long[] step : steps) inputs.add(OnnxTensor.createTensor(env, LongBuffer.wrap(step), new long[] {b}));
                Runnable pair = () -> {
                    try (OrtSession.Result e = encoder.run(Map.of("tokens", inputs.get(0), "lengths", inputs.get(1)))) {
                        Map<String, OnnxTensor> in = new HashMap<>(Map.of("memory", (OnnxTensor) e.get("memory").get(), "source_lengths", inputs.get(1), "h", (OnnxTensor) e.get("h").get()));
                        List<OrtSession.Result> held = new ArrayList<>();
                        for (int s = 0; s < t; s++) {
                            in.put("token", inputs.get(2 + s));
                            OrtSession.Result d = decoder.run(in);
                            held.add(d);
                            in.put("h", (OnnxTensor) d.get("h_next").get());
                        }
                        held.forEach(OrtSession.Result::close);
                    } catch (OrtException ex) {
                        throw new IllegalStateException(ex);
                    }
                };
                return new OnnxRuntimeBench.Run(new Workload(id, "W5's Seq2Seq forward, teacher-forced; B=64 T=20+20; rnn4j's export: the encoder, then the decoder step 20 times",
                        "sequence pairs/s", b, true, Flops.seq2seq(b, true), pair), List.of(encoder, decoder), inputs);
            }
            default -> throw new IllegalArgumentException("ONNX Runtime runs I1, I2 and I3, not " + id);
        }
    }
}
