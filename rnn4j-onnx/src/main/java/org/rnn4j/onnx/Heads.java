package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.tensor.Tensor;

/** Pieces the model graphs share: a module's parameters, the step mask, a dense layer at every step. */
final class Heads {
    private Heads() {}

    /** The parameters under module path {@code prefix}, named within it. */
    static Map<String, Tensor> under(Map<String, Tensor> weights, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    /** [T, B, 1] bool: step t of sequence b is a true step (t < lengths[b]); {@code steps} is any [T, B, ...] value. */
    static String mask(OnnxGraph g, String steps) {
        String t = g.node("Gather", "steps_count", List.of(g.node("Shape", "shape_of_steps", List.of(steps)), g.scalar("zero_scalar", 0)), attr("axis", 0L));
        String range = g.node("Range", "step_index", List.of(g.scalar("zero_scalar", 0), t, g.scalar("one_scalar", 1)));
        String less = g.node("Less", "true_step", List.of(g.node("Unsqueeze", "step_index_t1", List.of(range, g.vector("axis_1", 1))),
                g.node("Unsqueeze", "lengths_1b", List.of("lengths", g.vector("axis_0", 0)))));
        return g.node("Unsqueeze", "mask", List.of(less, g.vector("axis_2", 2)));
    }

    /**
     * A many-to-one or one-to-one model's outputs from its head's {@code logits} [B, width]: {@code output}, what
     * {@code predict} gives (softmax or sigmoid of the logits, or the values of a regression), and for a classifier its
     * {@code logits}.
     */
    static void outputs(OnnxGraph g, String logits, org.rnn4j.model.Target target) {
        long width = target.width();
        if (target instanceof org.rnn4j.model.Target.Regression) {
            g.output(logits, "output", onnx.Onnx.TensorProto.DataType.FLOAT, "batch", width);
            return;
        }
        String link = target instanceof org.rnn4j.model.Target.Binary ? g.node("Sigmoid", "probability", List.of(logits))
                : g.node("Softmax", "probabilities", List.of(logits), attr("axis", -1L));
        g.output(link, "output", onnx.Onnx.TensorProto.DataType.FLOAT, "batch", width);
        g.output(logits, "logits", onnx.Onnx.TensorProto.DataType.FLOAT, "batch", width);
    }

    /**
     * A dense layer at every step: {@code x} [B, T, W] · weight[C, W]ᵀ + bias → [B, T, C] ({@code MatMul} on the
     * transposed weight, stored so, and {@code Add}).
     */
    static String dense(OnnxGraph g, String x, Tensor weight, Tensor bias, String prefix, String hint) {
        int c = weight.dim(0), w = weight.dim(1);
        float[] t = new float[c * w], src = weight.data();
        for (int i = 0; i < c; i++) for (int j = 0; j < w; j++) t[j * c + i] = src[i * w + j];
        String product = g.node("MatMul", hint + "_product", List.of(x, g.floats(prefix + "weight_transposed", t, w, c)));
        return g.node("Add", hint, List.of(product, g.floats(prefix + "bias", bias.data(), c)));
    }
}
