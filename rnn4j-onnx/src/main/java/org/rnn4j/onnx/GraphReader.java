package org.rnn4j.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.ValueInfoProto;
import org.rnn4j.model.Pooling;
import org.rnn4j.onnx.Value.Const;
import org.rnn4j.onnx.Value.Head;
import org.rnn4j.onnx.Value.Pooled;
import org.rnn4j.onnx.Value.Product;
import org.rnn4j.onnx.Value.Sequence;
import org.rnn4j.onnx.Value.Shaped;
import org.rnn4j.onnx.Value.States;
import org.rnn4j.onnx.Value.Steps;
import org.rnn4j.onnx.Value.Unknown;

/**
 * Follows a graph {@code torch.onnx.export} wrote for an {@code nn.Embedding} (or feature vectors), {@code nn.RNN},
 * {@code nn.LSTM} or {@code nn.GRU} layers and an {@code nn.Linear}, node by node, giving every value its
 * {@link Value meaning} and collecting the parts of the model into a {@link Recognized}. Every node it cannot read as
 * such a model is reported with its operator and name; {@link #read} refuses the graph with the whole list.
 */
final class GraphReader {
    private final Map<String, Value> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Recognized model = new Recognized(this);
    private final NodeOps ops = new NodeOps(this);

    /** The model the graph holds, or an {@link IllegalArgumentException} listing the nodes rnn4j cannot read. */
    static Recognized read(GraphProto graph) {
        GraphReader r = new GraphReader();
        for (TensorProto t : graph.getInitializerList()) {
            Value v = Tensors.constant(t);
            if (v instanceof Unknown) r.problems.add("initializer " + t.getName() + " is stored outside the file, has data type " + t.getDataType()
                    + ", or has values that do not fill its shape; rnn4j reads float32, int32 and int64 tensors held in the file");
            r.values.put(t.getName(), v);
        }
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(i -> !r.values.containsKey(i.getName())).toList();
        if (inputs.size() != 1) r.problems.add("the graph has " + inputs.size() + " inputs " + inputs.stream().map(ValueInfoProto::getName).toList() + "; rnn4j imports models of one input sequence");
        else r.values.put(inputs.get(0).getName(), r.input(inputs.get(0)));
        for (NodeProto n : graph.getNodeList()) r.node(n);
        if (graph.getOutputCount() != 1) {
            r.problems.add("the graph has " + graph.getOutputCount() + " outputs; rnn4j imports models of one output");
        } else if (r.problems.isEmpty()) {
            Value out = r.values.getOrDefault(graph.getOutput(0).getName(), new Unknown());
            if (out instanceof Head h) r.model.head(h);
            else r.problems.add("the output " + graph.getOutput(0).getName() + " is not a linear layer's result on the recurrent layers' outputs or last states");
        }
        if (!r.problems.isEmpty()) throw new IllegalArgumentException("is a graph rnn4j cannot import:\n  " + String.join("\n  ", r.problems));
        return r.model;
    }

    private Value input(ValueInfoProto in) {
        var type = in.getType().getTensorType();
        int elem = type.getElemType();
        if (elem == TensorProto.DataType.INT64_VALUE || elem == TensorProto.DataType.INT32_VALUE) return new Sequence(0, 0, true, false);
        int rank = type.getShape().getDimCount();
        if (elem != TensorProto.DataType.FLOAT_VALUE || rank != 3 || !type.getShape().getDim(2).hasDimValue()) {
            problems.add("the input " + in.getName() + " is neither token ids [batch, steps] nor float features [batch, steps, F] with F fixed");
            return new Unknown();
        }
        model.features((int) type.getShape().getDim(2).getDimValue());
        return new Sequence(0, (int) type.getShape().getDim(2).getDimValue(), false, false);
    }

    private void node(NodeProto n) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            unsupported(n, "an operator of domain " + n.getDomain());
            for (String o : n.getOutputList()) values.put(o, new Unknown());
            return;
        }
        List<Value> in = new ArrayList<>();
        for (String name : n.getInputList()) in.add(name.isEmpty() ? null : values.getOrDefault(name, new Unknown()));
        if (in.stream().anyMatch(v -> v instanceof Unknown)) {
            if (!NodeOps.KNOWN.contains(n.getOpType())) unsupported(n, "not an operator of the models rnn4j imports");
            for (String o : n.getOutputList()) values.put(o, new Unknown());
            return;
        }
        List<Value> out = ops.apply(n, in);
        for (int i = 0; i < n.getOutputCount(); i++) values.put(n.getOutput(i), i < out.size() ? out.get(i) : new Unknown());
    }

    /** Reports node {@code n} and returns the unknown value its outputs become. */
    Value unsupported(NodeProto n, String why) {
        problems.add(n.getOpType() + " (node " + n.getName() + "): " + why);
        return new Unknown();
    }

    Recognized model() { return model; }

    /** The pooled vector over the top layer's outputs, as {@code op} over the time axis reads it. */
    Value pooled(NodeProto n, Sequence s, long[] axes, Pooling pooling) {
        long time = s.flipped() ? 1 : 0;
        if (s.depth() == 0 || s.depth() != model.depth()) return unsupported(n, "pools something other than the top recurrent layer's outputs");
        if (axes == null || axes.length != 1 || axes[0] != time || NodeOps.attr(n, "keepdims", 1) != 0) return unsupported(n, "reduces other axes than time, or keeps them");
        return new Pooled(pooling, s.width());
    }

    /** The head's product: a linear layer's weight [W, C] on the pooled vector or at every step. */
    Value product(NodeProto n, Value x, Const w) {
        if (w.floats() == null || w.dims().length != 2) return unsupported(n, "multiplies by something other than a weight matrix");
        int width = (int) w.dims()[0], classes = (int) w.dims()[1];
        if (x instanceof States s && s.squeezed()) x = lastStates(n, List.of(s));     // h_n[-1] of a one-direction stack
        if (x instanceof Unknown) return x;
        float[] t = new float[width * classes];
        for (int i = 0; i < width; i++) for (int j = 0; j < classes; j++) t[j * width + i] = w.floats()[i * classes + j];
        if (x instanceof Pooled p && p.width() == width) {
            model.pooled(p);
            return new Product(false, t, classes);
        }
        if (x instanceof Sequence s && s.depth() > 0 && s.depth() == model.depth() && s.width() == width) {
            model.outputTimeMajor(!s.flipped());
            return new Product(true, t, classes);
        }
        return unsupported(n, "multiplies something other than the top recurrent layer's outputs by the weight");
    }

    /** The pooled last states when {@code parts} are the top layer's final states, forward before reverse. */
    Value lastStates(NodeProto n, List<States> parts) {
        int d = model.directions(), from = (model.depth() - 1) * d;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.size() != d || parts.get(i).from() != from + i || parts.get(i).count() != 1) {
                return unsupported(n, "joins states other than the top layer's final states (forward, then reverse)");
            }
        }
        return new Pooled(Pooling.LAST, d * model.hidden());
    }
}
