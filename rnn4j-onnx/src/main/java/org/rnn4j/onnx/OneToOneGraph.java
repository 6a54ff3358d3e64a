package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.OneToOne;
import org.rnn4j.tensor.Tensor;

/**
 * A one-to-one model (the bag-of-words baseline) as one graph: {@code features} [batch, F] (the counts or TF-IDF
 * weights of the vocabulary's tokens) → {@code Gemm} and {@code Relu} per hidden layer → the head → {@code output}
 * (and {@code logits}) as a many-to-one model gives them.
 */
final class OneToOneGraph {
    private OneToOneGraph() {}

    static void add(OnnxGraph g, OneToOne.Config config, Map<String, Tensor> weights) {
        g.input("features", DataType.FLOAT, "batch", (long) config.features());
        String h = "features";
        for (int i = 0; i <= config.hidden().size(); i++) {
            String prefix = i == config.hidden().size() ? "head." : "hidden." + i + ".";
            Tensor w = weights.get(prefix + "weight");
            h = g.node("Gemm", prefix + "result", List.of(h, g.floats(prefix + "weight", w.data(), w.dim(0), w.dim(1)),
                    g.floats(prefix + "bias", weights.get(prefix + "bias").data(), w.dim(0))), attr("transB", 1L));
            if (i < config.hidden().size()) h = g.node("Relu", "hidden_" + i, List.of(h));
        }
        Heads.outputs(g, h, config.target());
    }
}
