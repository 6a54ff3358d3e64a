package org.rnn4j.onnx;

import java.util.List;
import onnx.Onnx.NodeProto;
import org.rnn4j.nn.CellType;

/**
 * The rnn4j cell of an ONNX {@code RNN}, {@code LSTM} or {@code GRU} node, or null (reported) when its attributes
 * describe a cell rnn4j has not: PyTorch writes the default activations, no clip, no coupled input and forget gates,
 * the forward or both directions, time first, and for GRU {@code linear_before_reset = 1}.
 */
final class Cells {
    private Cells() {}

    static CellType of(NodeProto n, GraphReader reader) {
        String direction = NodeOps.string(n, "direction", "forward");
        if (!direction.equals("forward") && !direction.equals("bidirectional")) return fail(n, reader, "reads in direction " + direction);
        if (NodeOps.attr(n, "layout", 0) != 0) return fail(n, reader, "has layout 1 (batch first), which PyTorch does not write");
        if (n.getAttributeList().stream().anyMatch(a -> a.getName().equals("clip") || a.getName().startsWith("activation_"))) return fail(n, reader, "clips its gates or scales its activations");
        List<String> acts = NodeOps.strings(n, "activations");
        switch (n.getOpType()) {
            case "RNN" -> {
                if (acts.isEmpty() || acts.stream().allMatch("Tanh"::equals)) return CellType.RNN_TANH;
                if (acts.stream().allMatch("Relu"::equals)) return CellType.RNN_RELU;
                return fail(n, reader, "uses activations " + acts + "; rnn4j's SimpleRNN has tanh or relu");
            }
            case "LSTM" -> {
                if (NodeOps.attr(n, "input_forget", 0) != 0) return fail(n, reader, "couples its input and forget gates");
                if (!acts.isEmpty() && !acts.stream().allMatch(a -> a.equals("Sigmoid") || a.equals("Tanh"))) return fail(n, reader, "uses activations " + acts);
                return CellType.LSTM;
            }
            default -> {
                if (NodeOps.attr(n, "linear_before_reset", 0) != 1) {
                    return fail(n, reader, "has linear_before_reset = 0 (the reset gate before the product: Keras' reset_after=False); rnn4j's GRU is PyTorch's, linear_before_reset = 1");
                }
                if (!acts.isEmpty() && !acts.stream().allMatch(a -> a.equals("Sigmoid") || a.equals("Tanh"))) return fail(n, reader, "uses activations " + acts);
                return CellType.GRU;
            }
        }
    }

    private static CellType fail(NodeProto n, GraphReader reader, String why) {
        reader.unsupported(n, why);
        return null;
    }
}
