package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;
import static org.rnn4j.onnx.OnnxGraph.ints;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.tensor.Tensor;

/**
 * An encoder-decoder as two graphs. The encoder: the source and its lengths in; {@code memory} [batch, source_steps,
 * D·H] (its outputs, which attention reads) and the decoder's initial state {@code h} [L, batch, H] (and {@code c};
 * the two directions' states summed when bidirectional) out. The decoder: one step ({@link DecoderGraph}), which a
 * loop starts with the begin token and the encoder's state, and feeds its own choice until the end token.
 */
final class Seq2SeqGraph {
    private Seq2SeqGraph() {}

    static void encoder(OnnxGraph g, Seq2Seq.Config config, Map<String, Tensor> weights) {
        SequenceInput.Read in = SequenceInput.add(g, config.source(), weights, "encoder.embedding.weight");
        var rnn = config.rnn().stack(config.source().width());
        RecurrentGraph.Result r = RecurrentGraph.add(g, rnn, Heads.under(weights, "encoder.rnn."), "encoder.rnn.", in.x(), in.lengths(), null, null);
        long layers = rnn.layers(), hidden = rnn.hidden();
        g.output(g.node("Transpose", "memory_btw", List.of(r.out()), ints("perm", 1, 0, 2)), "memory", DataType.FLOAT, "batch", "steps", (long) config.rnn().outputSize());
        g.output(bridge(g, r.h(), rnn.bidirectional(), layers, hidden, "h"), "h", DataType.FLOAT, layers, "batch", hidden);
        if (r.c() != null) g.output(bridge(g, r.c(), rnn.bidirectional(), layers, hidden, "c"), "c", DataType.FLOAT, layers, "batch", hidden);
    }

    static void decoder(OnnxGraph g, Seq2Seq.Config config, Map<String, Tensor> weights) {
        DecoderGraph.add(g, config.rnn().unidirectional(), config.targetVocab(), config.embedding(), config.attention(), config.rnn().outputSize(), Heads.under(weights, "decoder."));
    }

    /** [L·D, B, H] → [L, B, H], the directions of each layer summed. */
    private static String bridge(OnnxGraph g, String states, boolean bidirectional, long layers, long hidden, String hint) {
        if (!bidirectional) return states;
        String split = g.node("Reshape", hint + "_by_direction", List.of(states, g.vector("shape_l_2_b_h", layers, 2, -1, hidden)));
        return g.node("ReduceSum", hint + "_summed", List.of(split, g.vector("axis_1", 1)), attr("keepdims", 0L));
    }
}
