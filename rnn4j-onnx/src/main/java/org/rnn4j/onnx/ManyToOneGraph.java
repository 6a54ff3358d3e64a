package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;
import static org.rnn4j.onnx.OnnxGraph.ints;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.tensor.Tensor;

/**
 * A many-to-one model (classify, regress, qa) as one graph: sequences and their lengths in; {@code output} [batch,
 * width] out, what {@code predict} gives (class probabilities, p of class 1, or the values), and for a classifier its
 * {@code logits} before softmax or sigmoid. Pooling: the top layer's last states, or the mean or maximum over the
 * true steps ({@code ReduceSum}, {@code ReduceMax} over a mask made from the lengths).
 */
final class ManyToOneGraph {
    private ManyToOneGraph() {}

    static void add(OnnxGraph g, ManyToOne.Config config, Map<String, Tensor> weights) {
        SequenceInput.Read in = SequenceInput.add(g, config.input(), weights, "embedding.weight");
        var rnn = config.rnn().stack(config.input().width());
        RecurrentGraph.Result r = RecurrentGraph.add(g, rnn, Heads.under(weights, "rnn."), "rnn.", in.x(), in.lengths(), null, null);
        int w = config.rnn().outputSize();
        String pooled = switch (config.pooling()) {
            case LAST -> {                                                        // [D, B, H] of the top layer → [B, D·H]
                int d = rnn.directions(), from = (rnn.layers() - 1) * d;
                String top = g.node("Slice", "top_states", List.of(r.h(), g.vector("from_" + from, from), g.vector("to_" + (from + d), from + d), g.vector("axis_0", 0)));
                yield g.node("Reshape", "pooled", List.of(g.node("Transpose", "top_bdh", List.of(top), ints("perm", 1, 0, 2)), g.vector("shape_b_rest", 0, -1)));
            }
            case MEAN -> {                                                        // padding steps are 0; a length-0 sequence pools to 0
                String sum = g.node("ReduceSum", "sum", List.of(r.out(), g.vector("axis_0", 0)), attr("keepdims", 0L));
                String count = g.node("Cast", "count", List.of(g.node("Max", "at_least_1", List.of("lengths", g.vector("one", 1)))), attr("to", (long) DataType.FLOAT.getNumber()));
                yield g.node("Div", "pooled", List.of(sum, g.node("Unsqueeze", "count_b1", List.of(count, g.vector("axis_1", 1)))));
            }
            case MAX -> {
                String mask = Heads.mask(g, r.out());                                // [T, B, 1]: step < length
                String masked = g.node("Where", "masked", List.of(mask, r.out(), g.floats("minus_infinity", new float[] {Float.NEGATIVE_INFINITY})));
                String max = g.node("ReduceMax", "max", List.of(masked), ints("axes", 0), attr("keepdims", 0L));
                String some = g.node("Unsqueeze", "nonempty", List.of(g.node("Greater", "length_positive", List.of("lengths", g.vector("zero", 0))), g.vector("axis_1", 1)));
                yield g.node("Where", "pooled", List.of(some, max, g.floats("zero_f", new float[] {0f})));
            }
        };
        String logits = g.node("Gemm", "logits", List.of(pooled, g.floats("head.weight", weights.get("head.weight").data(), config.target().width(), w),
                g.floats("head.bias", weights.get("head.bias").data(), config.target().width())), attr("transB", 1L));
        Heads.outputs(g, logits, config.target());
    }
}
