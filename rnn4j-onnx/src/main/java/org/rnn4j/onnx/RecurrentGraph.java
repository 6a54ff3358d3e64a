package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;
import static org.rnn4j.onnx.OnnxGraph.ints;
import static org.rnn4j.onnx.OnnxGraph.strings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.tensor.Tensor;

/**
 * An {@link RnnStack} as ONNX's own recurrent operators, one {@code RNN}, {@code LSTM} or {@code GRU} node per layer
 * (both directions in one node), time-major (layout 0) with {@code sequence_lens}, so that ONNX Runtime runs its fused
 * kernels and padding steps give zeros. PyTorch's gate blocks are reordered to ONNX's: LSTM i,f,g,o → i,o,f,c; GRU
 * r,z,n → z,r,h with {@code linear_before_reset = 1}, which is PyTorch's GRU. Layer l ≥ 1 of a stack with
 * {@link RnnStack.Stacking} reads its input through {@code LayerNormalization} and adds it to its output.
 */
final class RecurrentGraph {
    /** A stack's values in the graph: outputs [T, B, D·H], and the last states [L·D, B, H] (c null but for LSTM). */
    record Result(String out, String h, String c) {}

    private RecurrentGraph() {}

    /** Where ONNX's gate block g comes from in PyTorch's order. */
    static int[] gateOrder(CellType cell) {
        return switch (cell) {
            case RNN_TANH, RNN_RELU -> new int[] {0};
            case LSTM -> new int[] {0, 3, 1, 2};
            case GRU -> new int[] {1, 0, 2};
            default -> throw new IllegalArgumentException("a " + cell.optionName() + " layer cannot be exported: ONNX has no operator for it (RNN, LSTM and GRU have),"
                    + " and rnn4j does not write its parallel scan as an ONNX Scan loop");
        };
    }

    /**
     * Adds {@code config}'s stack to {@code g}.
     *
     * @param weights the stack's parameters by their names within it ({@code weight_ih_l0}, {@code norm_l1.weight}, ...)
     * @param prefix  the module path the initializers are named under ({@code rnn.})
     * @param x       [T, B, F] float
     * @param lengths [B] int32
     * @param h0      [L·D, B, H] or null for zeros; @param c0 likewise for LSTM
     */
    static Result add(OnnxGraph g, RnnStack.Config config, Map<String, Tensor> weights, String prefix, String x, String lengths, String h0, String c0) {
        CellType cell = config.cell();
        int[] order = gateOrder(cell);
        int d = config.directions(), hidden = config.hidden();
        List<String> hs = new ArrayList<>(), cs = new ArrayList<>();
        String in = x;
        for (int l = 0; l < config.layers(); l++) {
            int width = l == 0 ? config.inputSize() : d * hidden;
            String read = in;
            if (l > 0 && config.stacking().layerNorm()) {
                String norm = prefix + "norm_l" + l + ".";
                read = g.node("LayerNormalization", "norm_l" + l, List.of(in, g.floats(norm + "weight", weights.get("norm_l" + l + ".weight").data(), d * hidden),
                        g.floats(norm + "bias", weights.get("norm_l" + l + ".bias").data(), d * hidden)), attr("axis", -1L), attr("epsilon", 1e-5f));
            }
            String suffix = "_l" + l;
            float[] w = new float[d * order.length * hidden * width], r = new float[d * order.length * hidden * hidden], b = new float[d * 2 * order.length * hidden];
            for (int dir = 0; dir < d; dir++) {
                String s = suffix + (dir == 1 ? "_reverse" : "");
                reorder(weights.get("weight_ih" + s), order, w, dir);
                reorder(weights.get("weight_hh" + s), order, r, dir);
                reorder(weights.get("bias_ih" + s), order, b, 2 * dir);
                reorder(weights.get("bias_hh" + s), order, b, 2 * dir + 1);
            }
            String tag = "l" + l;
            List<String> inputs = new ArrayList<>(List.of(read,
                    g.floats(prefix + "W" + suffix, w, d, order.length * hidden, width),
                    g.floats(prefix + "R" + suffix, r, d, order.length * hidden, hidden),
                    g.floats(prefix + "B" + suffix, b, d, 2L * order.length * hidden),
                    lengths,
                    h0 == null ? "" : slice(g, h0, l * d, d, "h0_" + tag)));
            if (cell == CellType.LSTM) inputs.add(c0 == null ? "" : slice(g, c0, l * d, d, "c0_" + tag));
            List<String> outputs = new ArrayList<>(List.of(g.fresh("y_" + tag), g.fresh("h_" + tag)));
            if (cell == CellType.LSTM) outputs.add(g.fresh("c_" + tag));
            g.nodes(op(cell), outputs, inputs, attributes(cell, d, hidden));
            hs.add(outputs.get(1));
            if (cell == CellType.LSTM) cs.add(outputs.get(2));
            String y = outputs.get(0);                                            // [T, D, B, H]
            String out = d == 1 ? g.node("Squeeze", "out_" + tag, List.of(y, g.vector("axis_1", 1)))
                    : g.node("Reshape", "out_" + tag, List.of(g.node("Transpose", "y_tbdh_" + tag, List.of(y), ints("perm", 0, 2, 1, 3)), g.vector("shape_t_b_dh", 0, 0, -1)));
            if (l > 0 && config.stacking().residual()) out = g.node("Add", "residual_" + tag, List.of(in, out));
            in = out;
        }
        return new Result(in, concat(g, hs, "h_n"), cell == CellType.LSTM ? concat(g, cs, "c_n") : null);
    }

    private static String op(CellType cell) {
        return switch (cell) {
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            default -> "RNN";
        };
    }

    private static onnx.Onnx.AttributeProto[] attributes(CellType cell, int directions, int hidden) {
        List<onnx.Onnx.AttributeProto> a = new ArrayList<>(List.of(attr("hidden_size", (long) hidden), attr("direction", directions == 2 ? "bidirectional" : "forward")));
        if (cell == CellType.GRU) a.add(attr("linear_before_reset", 1L));
        if (cell == CellType.RNN_TANH || cell == CellType.RNN_RELU) a.add(strings("activations", Collections.nCopies(directions, cell == CellType.RNN_RELU ? "Relu" : "Tanh")));
        return a.toArray(onnx.Onnx.AttributeProto[]::new);
    }

    /** Copies the gate blocks of {@code from} [G·H, ...] in ONNX's order into {@code to} at slot {@code slot} of its size. */
    private static void reorder(Tensor from, int[] order, float[] to, int slot) {
        float[] src = from.data();
        int block = src.length / order.length, base = slot * src.length;
        for (int gate = 0; gate < order.length; gate++) System.arraycopy(src, order[gate] * block, to, base + gate * block, block);
    }

    private static String slice(OnnxGraph g, String state, int from, int count, String hint) {
        return g.node("Slice", hint, List.of(state, g.vector("from_" + from, from), g.vector("to_" + (from + count), from + count), g.vector("axis_0", 0)));
    }

    private static String concat(OnnxGraph g, List<String> parts, String hint) {
        return parts.size() == 1 ? parts.get(0) : g.node("Concat", hint, parts, attr("axis", 0L));
    }
}
