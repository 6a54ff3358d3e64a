package org.rnn4j.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.ValueInfoProto;
import org.rnn4j.io.AtomicFile;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.tensor.Compute;
import org.rnn4j.model.Model;

/**
 * ONNX export and import of rnn4j models. {@link #export} writes a model as a graph of ONNX's own operators
 * (opset 17), its file's metadata (task, vocabulary, labels) in the model's {@code metadata_props}; {@link #read}
 * reads the recurrent models PyTorch exports.
 */
public final class Onnx {
    /** The operator set every exported graph uses. */
    public static final int OPSET = OnnxGraph.OPSET;

    private Onnx() {}

    /**
     * Writes {@code model} as ONNX: one file {@code out} for a many-to-one or many-to-many model; for a generating model
     * with an encoder, its two graphs beside it, {@code NAME-encoder.onnx} and {@code NAME-decoder.onnx} for
     * {@code out} = {@code NAME.onnx}. Each file is replaced whole or not at all.
     *
     * @param metadata the model file's metadata ({@link org.rnn4j.model.Models.Loaded#metadata}); its task gives the
     *                 {@code vocabulary}, {@code labels} and {@code tokenizer} entries
     * @return each file written, with its graph's inputs and outputs
     * @throws IllegalArgumentException for a model ONNX cannot express (minGRU and minLSTM layers)
     */
    public static List<Written> export(Model<?, ?> model, Map<String, String> metadata, Path out) throws IOException {
        List<Written> written = new java.util.ArrayList<>();
        for (var e : graphs(model, metadata).entrySet()) {
            Path file = file(out, e.getKey());
            AtomicFile.write(file, e.getValue().toByteArray());
            var g = e.getValue().getGraph();
            written.add(new Written(file, describe(g.getInputList()), describe(g.getOutputList())));
        }
        return written;
    }

    /** The files {@link #export} writes for {@code model} at {@code out}, before writing them (to check each is no input). */
    public static List<Path> files(Model<?, ?> model, Path out) {
        boolean twoGraphs = model.config() instanceof org.rnn4j.model.Seq2Seq.Config || model.config() instanceof org.rnn4j.model.OneToMany.Config;
        return twoGraphs ? List.of(file(out, "encoder"), file(out, "decoder")) : List.of(out);
    }

    private static Path file(Path out, String part) {
        if (part.isEmpty()) return out;
        String name = out.getFileName().toString(), stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return out.resolveSibling(stem + "-" + part + ".onnx");
    }

    /** A file {@link #export} wrote, and its graph's inputs and outputs, each {@code name type [dims]}. */
    public record Written(Path file, String inputs, String outputs) {}

    /**
     * {@code model} as ONNX models by part: "" for the one graph of a many-to-one or many-to-many model; "encoder" and
     * "decoder" for a seq2seq or caption model.
     */
    public static Map<String, ModelProto> graphs(Model<?, ?> model, Map<String, String> metadata) {
        return Graphs.of(model, Metadata.of(metadata));
    }

    private static String describe(List<ValueInfoProto> values) {
        return values.stream().map(v -> v.getName() + " " + TensorProto.DataType.forNumber(v.getType().getTensorType().getElemType()).name().toLowerCase(Locale.ROOT)
                + v.getType().getTensorType().getShape().getDimList().stream().map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue()))
                        .collect(Collectors.joining(", ", " [", "]"))).collect(Collectors.joining(", "));
    }

    /**
     * An rnn4j model read from an ONNX graph, with a one-line summary of what was found. {@code inputTimeMajor}: the
     * graph read its input [steps, batch, ...]; {@code outputTimeMajor}: its output at every step was [steps, batch, C].
     * The model reads and writes batch first, as every rnn4j model.
     */
    public record Imported(Model<?, ?> model, String summary, boolean inputTimeMajor, boolean outputTimeMajor) {}

    /**
     * Reads the graph {@code torch.onnx.export} writes for an {@code nn.Embedding} (or feature vectors), one or more
     * {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} layers (batch_first or not, one or both directions) and an
     * {@code nn.Linear} at every step or on the last step, the last states, the mean or the maximum, perhaps followed
     * by a softmax or sigmoid; the model it returns gives the graph's outputs. Any other graph is refused with an
     * {@link IllegalArgumentException} listing every node rnn4j cannot read, with its operator and why.
     *
     * @param regression read a linear output without softmax or sigmoid as values; otherwise as the logits of classes
     */
    public static Imported read(Path file, boolean regression, Compute compute) throws IOException {
        ModelProto m;
        try {
            m = ModelProto.parseFrom(java.nio.file.Files.readAllBytes(file));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelFileException(file, "is not an ONNX model (" + e.getMessage() + ")");
        }
        if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) throw new ModelFileException(file, "is not an ONNX model: it holds no graph");
        Recognized r;
        try {
            r = GraphReader.read(m.getGraph());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage());
        }
        try {
            return new Imported(r.build(regression, compute), r.summary(), r.inputTimeMajor(), r.outputTimeMajor());
        } catch (IllegalArgumentException e) {                     // sizes no rnn4j model has (an empty vocabulary, one tag)
            throw new ModelFileException(file, "holds a model rnn4j cannot build: " + e.getMessage());
        }
    }
}
