package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attr;
import static org.rnn4j.onnx.OnnxGraph.ints;

import java.util.List;
import java.util.Map;
import onnx.Onnx.TensorProto.DataType;
import org.rnn4j.model.OneToMany;
import org.rnn4j.nn.Attention;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.vision.ConvEncoder;

/**
 * A one-to-many model (caption) as two graphs. The encoder: {@code features} [batch, F] (an image's H·W·C pixels,
 * channels last, or any vector) in; the decoder's first state {@code h} [L, batch, H] = tanh(bridge(v)) (and {@code c}
 * = 0) out, where v is the vector, or for an image the feature map of the convolutional blocks ({@code Conv},
 * {@code Relu}, {@code MaxPool}) normalised per image; with an image also {@code memory} [batch, P, C + 2] (each
 * position's features, its row and its column in [-1, 1]) and {@code source_lengths} [batch] (P) for the decoder's
 * attention. The decoder: one step ({@link DecoderGraph}).
 */
final class OneToManyGraph {
    private OneToManyGraph() {}

    static void encoder(OnnxGraph g, OneToMany.Config config, Map<String, Tensor> weights) {
        long layers = config.rnn().layers(), hidden = config.rnn().hidden();
        g.input("features", DataType.FLOAT, "batch", (long) config.features());
        ConvEncoder.Config image = config.image();
        String v = image == null ? "features" : convolutions(g, image, weights);
        Tensor bridge = weights.get("bridge.weight");
        String h0 = g.node("Tanh", "h0", List.of(g.node("Gemm", "bridged", List.of(v, g.floats("bridge.weight", bridge.data(), bridge.dim(0), bridge.dim(1)),
                g.floats("bridge.bias", weights.get("bridge.bias").data(), bridge.dim(0))), attr("transB", 1L))));
        String h = g.node("Transpose", "h_lbh", List.of(g.node("Reshape", "h_blh", List.of(h0, g.vector("shape_b_l_h", 0, layers, hidden)))), ints("perm", 1, 0, 2));
        g.output(h, "h", DataType.FLOAT, layers, "batch", hidden);
        if (config.rnn().cell().hasCellState()) {
            g.output(g.node("ConstantOfShape", "c_zeros", List.of(g.node("Shape", "h_shape", List.of(h)))), "c", DataType.FLOAT, layers, "batch", hidden);
        }
        if (image != null) {
            int p = image.mapHeight() * image.mapWidth(), c = image.filters().get(image.filters().size() - 1);
            float[] where = new float[p * 2];
            for (int pos = 0; pos < p; pos++) {
                where[2 * pos] = image.mapHeight() == 1 ? 0 : 2f * (pos / image.mapWidth()) / (image.mapHeight() - 1) - 1;
                where[2 * pos + 1] = image.mapWidth() == 1 ? 0 : 2f * (pos % image.mapWidth()) / (image.mapWidth() - 1) - 1;
            }
            String batch = g.node("Slice", "batch_size", List.of(g.node("Shape", "features_shape", List.of("features")), g.vector("from_0", 0), g.vector("to_1", 1)));
            String coordinates = g.node("Expand", "positions", List.of(g.floats("position_rows_columns", where, 1, p, 2),
                    g.node("Concat", "positions_shape", List.of(batch, g.vector("p_2", p, 2)), attr("axis", 0L))));
            String keys = g.node("Reshape", "map_b_p_c", List.of(v, g.vector("shape_b_p_c", 0, p, c)));
            g.output(g.node("Concat", "memory_keys", List.of(keys, coordinates), attr("axis", 2L)), "memory", DataType.FLOAT, "batch", (long) p, (long) c + 2);
            g.output(g.node("Expand", "all_positions", List.of(g.vector("p", p), batch)), "source_lengths", DataType.INT64, "batch");
        }
    }

    static void decoder(OnnxGraph g, OneToMany.Config config, Map<String, Tensor> weights) {
        ConvEncoder.Config image = config.image();
        DecoderGraph.add(g, config.rnn(), config.vocab(), config.embedding(), image == null ? null : Attention.Score.GENERAL,
                image == null ? 0 : image.filters().get(image.filters().size() - 1) + 2, Heads.under(weights, "decoder."));
    }

    /** The image's feature map [B, P·C], in (row, column, channel) order, normalised per image. */
    private static String convolutions(OnnxGraph g, ConvEncoder.Config image, Map<String, Tensor> weights) {
        String x = g.node("Transpose", "image_nchw", List.of(g.node("Reshape", "image_nhwc", List.of("features",
                g.vector("shape_image", -1, image.height(), image.width(), image.channels())))), ints("perm", 0, 3, 1, 2));
        int k = image.kernel();
        for (int b = 1; b <= image.filters().size(); b++) {
            Tensor w = weights.get("encoder.conv" + b + ".weight");
            String conv = g.node("Conv", "conv" + b, List.of(x, g.floats("encoder.conv" + b + ".weight", w.data(), w.dim(0), w.dim(1), w.dim(2), w.dim(3)),
                    g.floats("encoder.conv" + b + ".bias", weights.get("encoder.conv" + b + ".bias").data(), w.dim(0))),
                    ints("kernel_shape", k, k), ints("pads", k / 2, k / 2, k / 2, k / 2), ints("strides", 1, 1));
            x = g.node("MaxPool", "pool" + b, List.of(g.node("Relu", "relu" + b, List.of(conv))), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
        }
        String flat = g.node("Reshape", "map_flat", List.of(g.node("Transpose", "map_nhwc", List.of(x), ints("perm", 0, 2, 3, 1)), g.vector("shape_b_rest", 0, -1)));
        float[] ones = new float[image.features()];
        java.util.Arrays.fill(ones, 1f);
        return g.node("LayerNormalization", "map_normalised", List.of(flat, g.floats("ones", ones, ones.length)), attr("axis", -1L), attr("epsilon", 1e-5f));
    }
}
