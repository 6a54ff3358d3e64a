package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.nn.Attention;
import org.rnn4j.tensor.Tensor;

/**
 * One step of a generating model's decoder (seq2seq, caption), the graph a decoding loop runs once per token: the
 * previous {@code token} int64 [batch] and the state {@code h} [L, batch, H] (and {@code c} for LSTM) in; the next
 * token's {@code logits} [batch, V] and the state after it, {@code h_next} (and {@code c_next}) out. With attention it
 * also reads the encoder's {@code memory} [batch, source_steps, K] and {@code source_lengths} int64 [batch], and gives
 * the {@code attention} weights [batch, source_steps] (zero on padding); then {@code logits = out(tanh(combine([context;
 * h])))}, as Luong et al.
 */
final class DecoderGraph {
    private DecoderGraph() {}

    /**
     * @param rnn       the decoder's body (one direction); @param keys K, the memory's width
     * @param score     the attention's score, or null for none
     * @param weights   the decoder's parameters by their names under it ({@code embedding.weight}, {@code rnn.*}, ...)
     */
    static void add(OnnxGraph g, RnnSpec rnn, int vocab, int embedding, Attention.Score score, int keys, Map<String, Tensor> weights) {
        var stack = rnn.stack(embedding);
        boolean lstm = stack.cell().hasCellState();
        long layers = stack.layers(), hidden = stack.hidden();
        g.input("token", DataType.INT64, "batch");
        g.input("h", DataType.FLOAT, layers, "batch", hidden);
        if (lstm) g.input("c", DataType.FLOAT, layers, "batch", hidden);
        if (score != null) {
            g.input("memory", DataType.FLOAT, "batch", "source_steps", (long) keys);
            g.input("source_lengths", DataType.INT64, "batch");
        }
        String table = g.floats("decoder.embedding.weight", weights.get("embedding.weight").data(), vocab, embedding);
        String x = g.node("Unsqueeze", "embedded_step", List.of(g.node("Gather", "embedded", List.of(table, "token")), g.vector("axis_0", 0)));
        RecurrentGraph.Result r = RecurrentGraph.add(g, stack, Heads.under(weights, "rnn."), "decoder.rnn.", x, "", "h", lstm ? "c" : null);
        String q = g.node("Squeeze", "query", List.of(r.out(), g.vector("axis_0", 0)));              // [B, H]
        String top = q;
        if (score != null) {
            String w = attention(g, score, q, Heads.under(weights, "attention."));
            String context = g.node("Squeeze", "context", List.of(g.node("MatMul", "context_b1k", List.of(g.node("Unsqueeze", "weights_b1s", List.of(w, g.vector("axis_1", 1))), "memory")), g.vector("axis_1", 1)));
            String joined = g.node("Concat", "context_and_state", List.of(context, q), attr("axis", 1L));
            top = g.node("Tanh", "combined", List.of(gemm(g, joined, weights, "combine.")));
            g.output(w, "attention", DataType.FLOAT, "batch", "source_steps");
        }
        g.output(gemm(g, top, weights, "out."), "logits", DataType.FLOAT, "batch", (long) vocab);
        g.output(r.h(), "h_next", DataType.FLOAT, layers, "batch", hidden);
        if (lstm) g.output(r.c(), "c_next", DataType.FLOAT, layers, "batch", hidden);
    }

    /** The attention weights [B, S]: the scores of {@code score} over the true source steps, softmax. */
    private static String attention(OnnxGraph g, Attention.Score score, String q, Map<String, Tensor> weights) {
        String column = g.node("Unsqueeze", "query_column", List.of(q, g.vector("axis_2", 2)));          // [B, H, 1]
        String scores = switch (score) {
            case DOT -> g.node("Squeeze", "scores", List.of(g.node("MatMul", "scores_bs1", List.of("memory", column)), g.vector("axis_2", 2)));
            case GENERAL -> {
                String projected = g.node("MatMul", "keys_projected", List.of("memory", transposed(g, weights.get("weight"), "decoder.attention.weight")));
                yield g.node("Squeeze", "scores", List.of(g.node("MatMul", "scores_bs1", List.of(projected, column)), g.vector("axis_2", 2)));
            }
            case ADDITIVE -> {
                String keys = g.node("MatMul", "keys_projected", List.of("memory", transposed(g, weights.get("key.weight"), "decoder.attention.key.weight")));
                String query = g.node("Unsqueeze", "query_projected_b1a", List.of(g.node("MatMul", "query_projected", List.of(q, transposed(g, weights.get("query.weight"), "decoder.attention.query.weight"))), g.vector("axis_1", 1)));
                String u = g.node("Tanh", "additive", List.of(g.node("Add", "keys_plus_query", List.of(keys, query))));
                yield g.node("MatMul", "scores", List.of(u, g.floats("decoder.attention.v", weights.get("v").data(), weights.get("v").size())));
            }
        };
        String steps = g.node("Gather", "source_steps", List.of(g.node("Shape", "memory_shape", List.of("memory")), g.scalar("one_scalar", 1)), attr("axis", 0L));
        String range = g.node("Unsqueeze", "source_index_1s", List.of(g.node("Range", "source_index", List.of(g.scalar("zero_scalar", 0), steps, g.scalar("one_scalar", 1))), g.vector("axis_0", 0)));
        String mask = g.node("Less", "true_source_step", List.of(range, g.node("Unsqueeze", "source_lengths_b1", List.of("source_lengths", g.vector("axis_1", 1)))));
        String masked = g.node("Where", "scores_masked", List.of(mask, scores, g.floats("minus_infinity", new float[] {Float.NEGATIVE_INFINITY})));
        return g.node("Softmax", "weights", List.of(masked), attr("axis", -1L));
    }

    /** A dense layer {@code prefix} (weight [out, in], bias [out]) on x [B, in]. */
    private static String gemm(OnnxGraph g, String x, Map<String, Tensor> weights, String prefix) {
        Tensor w = weights.get(prefix + "weight");
        return g.node("Gemm", prefix + "result", List.of(x, g.floats("decoder." + prefix + "weight", w.data(), w.dim(0), w.dim(1)),
                g.floats("decoder." + prefix + "bias", weights.get(prefix + "bias").data(), w.dim(0))), attr("transB", 1L));
    }

    /** w [out, in] stored as its transpose [in, out], for a MatMul from the right. */
    private static String transposed(OnnxGraph g, Tensor w, String name) {
        int out = w.dim(0), in = w.dim(1);
        float[] t = new float[out * in];
        for (int i = 0; i < out; i++) for (int j = 0; j < in; j++) t[j * out + i] = w.data()[i * in + j];
        return g.floats(name + "_transposed", t, in, out);
    }
}
