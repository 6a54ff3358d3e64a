package org.rnn4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ONNX Runtime side of {@code rnn4j bench --compare-onnxruntime}: the inference workloads I1, I2 and I3 run by
 * ONNX Runtime for Java on the models tools/onnx_export.py exports from PyTorch ({@code --source pytorch}), or on
 * rnn4j's own export of the same models ({@code --source rnn4j}: I1 and I2 as a many-to-one graph; I3 as the
 * encoder graph, then the one-step decoder graph 20 times, teacher-forced, as a deployed decoder runs), timed by the same harness as
 * rnn4j's ({@link Bench#measure}: warm-up, windows of about a second, median of 7). Each workload runs at every
 * intra-op thread count given (inter-op 1, all graph optimisations); the best is compared. Prints one line per
 * run, and writes the rows as JSON in the PyTorch script's layout.
 *
 * <p>Usage: {@code OnnxRuntimeBench MODEL_DIR --only I1,I2,I3 --threads 1,2 --source pytorch|rnn4j --json OUT}; run by
 * tools/onnxruntime-bench.sh, which puts ONNX Runtime on the class path.
 */
public final class OnnxRuntimeBench {
    private OnnxRuntimeBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> only = List.of(value(args, "--only", "I1,I2,I3").split(","));
        List<String> threads = List.of(value(args, "--threads", "1,2").split(","));
        String json = value(args, "--json", null);
        boolean ours = value(args, "--source", "pytorch").equals("rnn4j");
        if (ours) dir = RnnExports.write(dir.resolve("rnn4j"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        for (String id : only) {
            ObjectNode best = null;
            for (String t : threads) {
                int n = Integer.parseInt(t);
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                    o.setIntraOpNumThreads(n);
                    o.setInterOpNumThreads(1);
                    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    try (Run run = ours ? RnnExports.run(env, dir, id, o) : run(env, dir, id, o)) {
                        Bench.Result r = Bench.measure(run.workload());
                        ObjectNode row = rows.addObject().put("workload", id).put("unit", r.unit()).put("threads", n).put("median", r.median()).put("min", r.min())
                                .put("max", r.max()).put("higher_is_better", r.higherIsBetter()).put("onnxruntime", version == null ? "?" : version).put("source", ours ? "rnn4j" : "pytorch");
                        System.out.printf("%s threads=%d %.1f %s (min %.1f, max %.1f) [ONNX Runtime %s, %s's export]%n", id, n, r.median(), r.unit(), r.min(), r.max(), version, ours ? "rnn4j" : "PyTorch");
                        if (best == null || (r.higherIsBetter() ? r.median() > best.get("median").asDouble() : r.median() < best.get("median").asDouble())) best = row;
                    }
                }
            }
            ObjectNode row = rows.addObject();
            row.setAll(best);
            row.put("threads", "best").put("best_threads", best.get("threads").asInt());
        }
        if (json != null) mapper.writerWithDefaultPrettyPrinter().writeValue(new File(json), rows);
        env.close();
    }

    /** A workload with the session and input tensors it owns. */
    record Run(Workload workload, List<OrtSession> sessions, List<OnnxTensor> inputs) implements AutoCloseable {
        @Override
        public void close() throws OrtException {
            for (OnnxTensor t : inputs) t.close();
            for (OrtSession s : sessions) s.close();
        }
    }

    /** The workload's model, inputs of its shapes (seeded), and a step that runs the model once and frees its output. */
    private static Run run(OrtEnvironment env, Path dir, String id, OrtSession.SessionOptions options) throws OrtException {
        SplittableRandom r = new SplittableRandom(42);
        switch (id) {
            case "I1", "I2" -> {
                int b = id.equals("I1") ? 1 : 256;
                OnnxTensor in = features(env, b, r);
                OrtSession s = env.createSession(dir.resolve("lstm.onnx").toString(), options);
                return new Run(new Workload(id, "F=32 -> LSTM(128) -> Dense(2), forward only; B=" + b + " T=50", b == 1 ? "us/sequence" : "sequences/s", b, b != 1,
                        Flops.recurrent(b * 50, 4, 32, 128) + Flops.dense(b, 128, 2), () -> once(s, Map.of("x", in))), List.of(s), List.of(in));
            }
            case "I3" -> {
                long[] src = new long[64 * 20], dec = new long[64 * 20];
                for (int i = 0; i < src.length; i++) {
                    src[i] = r.nextInt(4, 1000);
                    dec[i] = i % 20 == 0 ? 2 : r.nextInt(4, 1000);
                }
                OrtSession s = env.createSession(dir.resolve("seq2seq.onnx").toString(), options);
                OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(src), new long[] {64, 20}), d = OnnxTensor.createTensor(env, LongBuffer.wrap(dec), new long[] {64, 20});
                return new Run(new Workload(id, "W5's Seq2Seq forward, teacher-forced; B=64 T=20+20", "sequence pairs/s", 64, true,
                        Flops.seq2seq(64, true), () -> once(s, Map.of("src", a, "dec_in", d))), List.of(s), List.of(a, d));
            }
            default -> throw new IllegalArgumentException("ONNX Runtime runs I1, I2 and I3, not " + id);
        }
    }

    /** I1 and I2's input: B sequences of 50 steps of 32 seeded normal features. */
    static OnnxTensor features(OrtEnvironment env, int b, SplittableRandom r) throws OrtException {
        float[] x = new float[b * 50 * 32];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {b, 50, 32});
    }

    static void once(OrtSession s, Map<String, OnnxTensor> inputs) {
        try (OrtSession.Result ignored = s.run(inputs)) {
            // the outputs are freed at once; their values are not needed for timing
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
