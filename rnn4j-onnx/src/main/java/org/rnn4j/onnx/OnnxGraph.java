package org.rnn4j.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * An ONNX graph being written: initializers, nodes, inputs and outputs, with fresh names for intermediate values,
 * then the {@link ModelProto} around it (IR version 8, opset 17, the domain ONNX's own).
 */
final class OnnxGraph {
    static final int OPSET = 17;
    static final long IR_VERSION = 8;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> vectors = new java.util.HashMap<>();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A name no value of this graph has yet, from {@code hint}. */
    String fresh(String hint) {
        String name = hint;
        while (!names.add(name)) name = hint + "_" + ++counter;
        return name;
    }

    /** A float32 constant [dims] named {@code name} (a module path such as {@code rnn.weight_ih_l0}). */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(fresh(name), TensorProto.DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return graph.getInitializer(graph.getInitializerCount() - 1).getName();
    }

    /** An int64 constant (shapes, axes, indices). */
    String longs(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(fresh(name), TensorProto.DataType.INT64, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return graph.getInitializer(graph.getInitializerCount() - 1).getName();
    }

    /** A 1-d int64 constant, one initializer for each distinct value. */
    String vector(String name, long... values) {
        return vectors.computeIfAbsent(java.util.Arrays.toString(values), k -> longs(name, values, values.length));
    }

    /** A 0-d int64 constant (the bounds of a Range). */
    String scalar(String name, long value) {
        return vectors.computeIfAbsent("scalar " + value, k -> longs(name, new long[] {value}));
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) t.addDims(d);
        return t;
    }

    /** A node of {@code op} with one output, named from {@code hint}; empty input names are omitted optional inputs. */
    String node(String op, String hint, List<String> inputs, AttributeProto... attributes) {
        return nodes(op, List.of(fresh(hint)), inputs, attributes).get(0);
    }

    /** A node of {@code op} whose outputs are {@code outputs} (already {@link #fresh}). */
    List<String> nodes(String op, List<String> outputs, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op + "_" + outputs.get(0))).addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return outputs;
    }

    /** A graph input of element type {@code type}; a dimension is a {@code Long} size or a {@code String} name. */
    void input(String name, TensorProto.DataType type, Object... dims) {
        names.add(name);
        graph.addInput(value(name, type, dims));
    }

    /** Makes {@code value} the graph output {@code name} (through Identity when it has another name). */
    void output(String value, String name, TensorProto.DataType type, Object... dims) {
        if (!value.equals(name)) {
            names.add(name);
            nodes("Identity", List.of(name), List.of(value));
        }
        graph.addOutput(value(name, type, dims));
    }

    private static ValueInfoProto value(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String s) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
            else shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    /** The model: this graph, opset {@link #OPSET}, and {@code metadata} as its metadata_props. */
    ModelProto model(String doc, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("rnn4j")
                .setProducerVersion(org.rnn4j.model.Models.RNN4J_VERSION).setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) a.addStrings(ByteString.copyFromUtf8(v));
        return a.build();
    }
}
