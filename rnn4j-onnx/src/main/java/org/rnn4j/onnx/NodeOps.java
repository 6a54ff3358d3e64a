package org.rnn4j.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import org.rnn4j.model.Pooling;
import org.rnn4j.onnx.Value.Const;
import org.rnn4j.onnx.Value.Head;
import org.rnn4j.onnx.Value.Pooled;
import org.rnn4j.onnx.Value.Product;
import org.rnn4j.onnx.Value.Sequence;
import org.rnn4j.onnx.Value.Shaped;
import org.rnn4j.onnx.Value.States;
import org.rnn4j.onnx.Value.Steps;

/**
 * The meaning of each node's outputs from its inputs' ({@link GraphReader}), operator by operator, for the operators
 * PyTorch's exporter writes for embedding, recurrent and linear layers and the ways a model reads their results.
 */
final class NodeOps {
    static final Set<String> KNOWN = Set.of("Constant", "Identity", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "ConstantOfShape", "Slice",
            "Transpose", "Reshape", "RNN", "LSTM", "GRU", "ReduceMean", "ReduceMax", "Gemm", "MatMul", "Add", "Softmax", "Sigmoid", "Cast");
    private final GraphReader reader;

    NodeOps(GraphReader reader) {
        this.reader = reader;
    }

    List<Value> apply(NodeProto n, List<Value> in) {
        Value first = in.isEmpty() ? null : in.get(0);
        return switch (n.getOpType()) {
            case "Constant" -> List.of(constant(n));
            case "Identity" -> List.of(first);
            case "Shape" -> List.of(new Shaped(false));
            case "Cast", "Unsqueeze" -> List.of(first instanceof Const || first instanceof Shaped ? new Shaped(false) : reader.unsupported(n, "reshapes a computed value"));
            case "ConstantOfShape" -> List.of(new Shaped(zeros(n)));
            case "Slice" -> List.of(first instanceof Shaped s ? s : reader.unsupported(n, "slices something other than the zero initial states"));
            case "Gather" -> List.of(gather(n, first, in.get(1)));
            case "Concat" -> List.of(concat(n, in));
            case "Transpose" -> List.of(transpose(n, first));
            case "Squeeze" -> List.of(squeeze(n, first, in.size() > 1 ? in.get(1) : null));
            case "Reshape" -> List.of(reshape(n, first, in.get(1)));
            case "RNN", "LSTM", "GRU" -> recurrent(n, in);
            case "ReduceMean", "ReduceMax" -> List.of(first instanceof Sequence s
                    ? reader.pooled(n, s, axes(n, in), n.getOpType().equals("ReduceMean") ? Pooling.MEAN : Pooling.MAX)
                    : reader.unsupported(n, "pools something other than the recurrent outputs"));
            case "Gemm" -> List.of(gemm(n, in));
            case "MatMul" -> List.of(in.get(1) instanceof Const w ? reader.product(n, first, w) : reader.unsupported(n, "multiplies two computed values (attention?)"));
            case "Add" -> List.of(add(n, first, in.get(1)));
            case "Softmax", "Sigmoid" -> List.of(link(n, first));
            default -> List.of(reader.unsupported(n, "not an operator of the models rnn4j imports"));
        };
    }

    private Value constant(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("value")) return Tensors.constant(a.getT());
            if (a.getName().equals("value_int")) return new Const(null, new long[] {a.getI()}, new long[0]);
            if (a.getName().equals("value_ints")) return new Const(null, a.getIntsList().stream().mapToLong(Long::longValue).toArray(), new long[] {a.getIntsCount()});
        }
        return reader.unsupported(n, "a constant rnn4j cannot read");
    }

    private static boolean zeros(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("value")) {
                Value v = Tensors.constant(a.getT());
                if (!(v instanceof Const c)) return false;
                if (c.floats() != null) for (float f : c.floats()) if (f != 0f) return false;
                if (c.longs() != null) for (long l : c.longs()) if (l != 0) return false;
            }
        }
        return true;
    }

    private Value gather(NodeProto n, Value data, Value index) {
        long axis = attr(n, "axis", 0);
        if (data instanceof Const table && index instanceof Sequence s && s.ids() && axis == 0) return reader.model().embedding(n, table, s);
        if (data instanceof Shaped) return new Shaped(false);
        if (!(index instanceof Const i) || i.size() != 1 || i.dims().length != 0) return reader.unsupported(n, "gathers by a computed or multiple index");
        long k = i.scalar();
        if (data instanceof Sequence s && s.depth() > 0 && s.depth() == reader.model().depth() && axis == (s.flipped() ? 1 : 0) && k == -1) {
            if (reader.model().directions() == 2) {
                return reader.unsupported(n, "reads the last step of a bidirectional output, where the reverse direction has read one step only;"
                        + " rnn4j pools both directions' final states (h_n[-2], h_n[-1])");
            }
            return new Pooled(Pooling.LAST, s.width());
        }
        if (data instanceof States s && !s.squeezed() && axis == 0) {
            long at = k < 0 ? s.count() + k : k;
            if (at < 0 || at >= s.count()) return reader.unsupported(n, "takes state " + k + " of " + s.count());
            return new States(s.from() + (int) at, 1, true);
        }
        return reader.unsupported(n, "gathers something other than embedding rows, the last step or a final state");
    }

    private Value concat(NodeProto n, List<Value> in) {
        long axis = attr(n, "axis", 0);
        if (in.stream().allMatch(v -> v instanceof Const || v instanceof Shaped)) return new Shaped(false);
        if (!in.stream().allMatch(v -> v instanceof States)) return reader.unsupported(n, "joins values other than final states");
        List<States> parts = in.stream().map(v -> (States) v).toList();
        if (parts.stream().allMatch(s -> s.squeezed()) && (axis == 1 || axis == -1)) return reader.lastStates(n, parts);
        if (parts.stream().noneMatch(States::squeezed) && axis == 0) {
            for (int i = 1; i < parts.size(); i++) {
                if (parts.get(i).from() != parts.get(i - 1).from() + parts.get(i - 1).count()) return reader.unsupported(n, "joins final states out of order");
            }
            return new States(parts.get(0).from(), parts.stream().mapToInt(States::count).sum(), false);
        }
        return reader.unsupported(n, "joins final states along axis " + axis);
    }

    private Value transpose(NodeProto n, Value x) {
        long[] perm = ints(n, "perm");
        if (x instanceof Sequence s && (java.util.Arrays.equals(perm, new long[] {1, 0, 2}) || s.ids() && java.util.Arrays.equals(perm, new long[] {1, 0}))) return s.flip();
        if (x instanceof Steps s && !s.transposed() && java.util.Arrays.equals(perm, new long[] {0, 2, 1, 3})) return new Steps(s.depth(), s.directions(), s.hidden(), true);
        return reader.unsupported(n, "transposes " + x.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " by " + java.util.Arrays.toString(perm));
    }

    private Value squeeze(NodeProto n, Value x, Value axesInput) {
        long[] axes = axesInput instanceof Const c && c.longs() != null ? c.longs() : ints(n, "axes");
        if (x instanceof Steps s && !s.transposed() && s.directions() == 1 && java.util.Arrays.equals(axes, new long[] {1})) return new Sequence(s.depth(), s.hidden(), false, false);
        if (x instanceof States s && !s.squeezed() && s.count() == 1 && java.util.Arrays.equals(axes, new long[] {0})) return new States(s.from(), 1, true);
        return reader.unsupported(n, "removes an axis rnn4j does not expect there");
    }

    private Value reshape(NodeProto n, Value x, Value shape) {
        if (x instanceof Shaped s) return s;
        if (x instanceof Steps s && s.transposed() && shape instanceof Const c && c.longs() != null && java.util.Arrays.equals(c.longs(), new long[] {0, 0, -1})) {
            return new Sequence(s.depth(), s.directions() * s.hidden(), false, false);
        }
        return reader.unsupported(n, "reshapes a value other than the recurrent outputs [T, D, B, H] → [T, B, D·H]");
    }

    private List<Value> recurrent(NodeProto n, List<Value> in) {
        Recognized.Layer layer = reader.model().layer(n, in);
        if (layer == null) return List.of();
        List<Value> out = new ArrayList<>();
        int depth = reader.model().depth(), d = layer.directions();
        out.add(new Steps(depth, d, layer.hidden(), false));
        out.add(new States((depth - 1) * d, d, false));
        return out;
    }

    private Value gemm(NodeProto n, List<Value> in) {
        if (!(in.size() == 3 && in.get(1) instanceof Const w && in.get(2) instanceof Const b && w.dims().length == 2 && w.floats() != null && b.floats() != null)) {
            return reader.unsupported(n, "not a linear layer with a weight and a bias");
        }
        if (attr(n, "transA", 0) != 0 || n.getAttributeList().stream().anyMatch(a -> (a.getName().equals("alpha") || a.getName().equals("beta")) && a.getF() != 1f)) {
            return reader.unsupported(n, "scales or transposes its input");
        }
        Const weight = w;
        if (attr(n, "transB", 0) != 0) {                        // stored [C, W] as nn.Linear's weight: the product reads its transpose
            int c = (int) w.dims()[0], width = (int) w.dims()[1];
            float[] t = new float[width * c];
            for (int i = 0; i < c; i++) for (int j = 0; j < width; j++) t[j * c + i] = w.floats()[i * width + j];
            weight = new Const(t, null, new long[] {width, c});
        }
        Value p = reader.product(n, in.get(0), weight);
        return p instanceof Product product ? add(n, product, b) : p;
    }

    private Value add(NodeProto n, Value a, Value b) {
        Product p = a instanceof Product x ? x : b instanceof Product y ? y : null;
        Const bias = a instanceof Const x ? x : b instanceof Const y ? y : null;
        if (p == null || bias == null || bias.floats() == null || bias.floats().length != p.classes()) return reader.unsupported(n, "adds something other than the linear layer's bias");
        reader.model().head(p, bias.floats());
        return new Head(p.everyStep(), p.classes(), null);
    }

    private Value link(NodeProto n, Value x) {
        if (!(x instanceof Head h) || h.link() != null) return reader.unsupported(n, "applies " + n.getOpType() + " to something other than the linear layer's result");
        if (n.getOpType().equals("Softmax") && attr(n, "axis", -1) != -1 && attr(n, "axis", -1) != (h.everyStep() ? 2 : 1)) return reader.unsupported(n, "a softmax over another axis than the classes");
        return new Head(h.everyStep(), h.classes(), n.getOpType());
    }

    /** A reduction's axes: the attribute (opset < 18) or the second input. */
    private static long[] axes(NodeProto n, List<Value> in) {
        if (in.size() > 1 && in.get(1) instanceof Const c && c.longs() != null) return c.longs();
        return ints(n, "axes");
    }

    static long attr(NodeProto n, String name, long otherwise) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getI();
        return otherwise;
    }

    static long[] ints(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        return null;
    }

    static String string(NodeProto n, String name, String otherwise) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getS().toStringUtf8();
        return otherwise;
    }

    static List<String> strings(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getStringsList().stream().map(com.google.protobuf.ByteString::toStringUtf8).toList();
        return List.of();
    }
}
