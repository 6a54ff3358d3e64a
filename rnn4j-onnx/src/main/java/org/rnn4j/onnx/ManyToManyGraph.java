package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;
import static org.rnn4j.onnx.OnnxGraph.ints;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.tensor.Tensor;

/**
 * A many-to-many model (tag, lm) as one graph: sequences and their lengths in; {@code logits} [batch, steps, C] and
 * each step's most likely class {@code classes} int64 [batch, steps] out. A language model (token input, C = V, one
 * direction) also takes the recurrent state it starts from, {@code h0} [L, batch, H] (and {@code c0} for LSTM; zeros
 * for a new text), and gives the state after each sequence's last true step, {@code h} (and {@code c}): a decoding
 * loop feeds the prompt once, then one token at a time with the state it got.
 */
final class ManyToManyGraph {
    private ManyToManyGraph() {}

    /** Whether the graph carries the state: a language model that can generate. */
    static boolean generates(ManyToMany.Config config) {
        return config.input() instanceof InputSpec.Tokens t && t.vocab() == config.classes() && !config.rnn().bidirectional();
    }

    static void add(OnnxGraph g, ManyToMany.Config config, Map<String, Tensor> weights) {
        SequenceInput.Read in = SequenceInput.add(g, config.input(), weights, "embedding.weight");
        var rnn = config.rnn().stack(config.input().width());
        boolean states = generates(config), lstm = rnn.cell().hasCellState();
        long layers = rnn.layers(), hidden = rnn.hidden();
        if (states) {
            g.input("h0", DataType.FLOAT, layers, "batch", hidden);
            if (lstm) g.input("c0", DataType.FLOAT, layers, "batch", hidden);
        }
        RecurrentGraph.Result r = RecurrentGraph.add(g, rnn, Heads.under(weights, "rnn."), "rnn.", in.x(), in.lengths(), states ? "h0" : null, states && lstm ? "c0" : null);
        String out = g.node("Transpose", "out_btw", List.of(r.out()), ints("perm", 1, 0, 2));
        String logits = Heads.dense(g, out, weights.get("head.weight"), weights.get("head.bias"), "head.", "logits");
        long c = config.classes();
        g.output(logits, "logits", DataType.FLOAT, "batch", "steps", c);
        g.output(g.node("ArgMax", "classes", List.of(logits), attr("axis", -1L), attr("keepdims", 0L)), "classes", DataType.INT64, "batch", "steps");
        if (states) {
            g.output(r.h(), "h", DataType.FLOAT, layers, "batch", hidden);
            if (lstm) g.output(r.c(), "c", DataType.FLOAT, layers, "batch", hidden);
        }
    }
}
