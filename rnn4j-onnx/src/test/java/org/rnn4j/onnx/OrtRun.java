package org.rnn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.data.Seq;

/**
 * An exported graph in ONNX Runtime: batches of sequences padded with random values (padding must change nothing),
 * their lengths, and any other inputs; the outputs as flat float arrays.
 */
final class OrtRun implements AutoCloseable {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtRun(byte[] model) throws OrtException {
        this.session = ENV.createSession(model, new OrtSession.SessionOptions());
    }

    /** A batch of B sequences: tokens [B, T] (padding: random ids below {@code vocab}) or features [B, T, F]. */
    Map<String, OnnxTensor> batch(List<Seq> x, int vocab, SplittableRandom rng) throws OrtException {
        int b = x.size(), t = 0;
        long[] lengths = new long[b];
        for (int i = 0; i < b; i++) t = Math.max(t, (int) (lengths[i] = x.get(i).length()));
        t = Math.max(t, 1);
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        in.put("lengths", OnnxTensor.createTensor(ENV, LongBuffer.wrap(lengths), new long[] {b}));
        if (x.get(0) instanceof Seq.Tokens) {
            long[] ids = new long[b * t];
            for (int i = 0; i < b; i++) {
                int[] s = ((Seq.Tokens) x.get(i)).ids();
                for (int j = 0; j < t; j++) ids[i * t + j] = j < s.length ? s[j] : rng.nextInt(vocab);
            }
            in.put("tokens", OnnxTensor.createTensor(ENV, LongBuffer.wrap(ids), new long[] {b, t}));
        } else {
            int f = ((Seq.Vectors) x.get(0)).steps()[0].length;
            float[] v = new float[b * t * f];
            for (int i = 0; i < b; i++) {
                float[][] s = ((Seq.Vectors) x.get(i)).steps();
                for (int j = 0; j < t; j++) for (int k = 0; k < f; k++) v[(i * t + j) * f + k] = j < s.length ? s[j][k] : (float) rng.nextGaussian() * 10;
            }
            in.put("features", OnnxTensor.createTensor(ENV, FloatBuffer.wrap(v), new long[] {b, t, f}));
        }
        return in;
    }

    static OnnxTensor floats(float[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
    }

    /** Runs the graph; every output as a flat float array (int64 outputs converted). */
    Map<String, float[]> run(Map<String, OnnxTensor> inputs) throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(inputs)) {
            for (var e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.INT64) {
                    long[] l = t.getLongBuffer().array();
                    float[] f = new float[l.length];
                    for (int i = 0; i < l.length; i++) f[i] = l[i];
                    out.put(e.getKey(), f);
                } else {
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] f = new float[fb.remaining()];
                    fb.get(f);
                    out.put(e.getKey(), f);
                }
            }
        }
        for (OnnxTensor t : inputs.values()) t.close();
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
