package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;
import static org.rnn4j.onnx.OnnxGraph.ints;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.InputSpec;
import org.rnn4j.tensor.Tensor;

/**
 * A model's sequence input as graph inputs: {@code tokens} int64 [batch, steps] through the embedding ({@code Gather}),
 * or {@code features} float [batch, steps, F]; and {@code lengths} int64 [batch], each sequence's true length (the
 * steps after it are padding and change nothing). The recurrent operators read it time-major.
 */
final class SequenceInput {
    /** {@code x} [T, B, F] float and {@code lengths} [B] int32, as the recurrent operators read them. */
    record Read(String x, String lengths) {}

    private SequenceInput() {}

    static Read add(OnnxGraph g, InputSpec spec, Map<String, Tensor> weights, String embedding) {
        String x = spec instanceof InputSpec.Tokens ? "tokens" : "features";
        if (spec instanceof InputSpec.Tokens) g.input(x, DataType.INT64, "batch", "steps");
        else g.input(x, DataType.FLOAT, "batch", "steps", (long) spec.width());
        g.input("lengths", DataType.INT64, "batch");
        String lengths = g.node("Cast", "lengths_int32", List.of("lengths"), attr("to", (long) DataType.INT32.getNumber()));
        if (spec instanceof InputSpec.Tokens t) {
            String ids = g.node("Transpose", "tokens_tb", List.of("tokens"), ints("perm", 1, 0));
            String table = g.floats(embedding, weights.get(embedding).data(), t.vocab(), t.embedding());
            return new Read(g.node("Gather", "embedded", List.of(table, ids)), lengths);
        }
        return new Read(g.node("Transpose", "features_tbf", List.of("features"), ints("perm", 1, 0, 2)), lengths);
    }
}
