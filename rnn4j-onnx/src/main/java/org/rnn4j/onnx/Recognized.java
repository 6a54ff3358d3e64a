package org.rnn4j.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.NodeProto;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Target;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.onnx.Value.Const;
import org.rnn4j.onnx.Value.Head;
import org.rnn4j.onnx.Value.Pooled;
import org.rnn4j.onnx.Value.Product;
import org.rnn4j.onnx.Value.Sequence;
import org.rnn4j.onnx.Value.Shaped;
import org.rnn4j.tensor.Compute;

/**
 * The parts of a model {@link GraphReader} found: the embedding (or the feature width), the recurrent layers with
 * their weights back in PyTorch's gate order and names, how the output layer reads them and the output layer; then
 * the rnn4j model they make.
 */
final class Recognized {
    /** One recurrent operator: its cell, directions, hidden size, input width and ONNX's W, R and B. */
    record Layer(CellType cell, int directions, int hidden, int input, float[] w, float[] r, float[] b) {}

    private final GraphReader reader;
    private float[] embedding;
    private int vocab, width;
    private final List<Layer> layers = new ArrayList<>();
    private Boolean inputTimeMajor, outputTimeMajor;
    private Pooled pooled;
    private Product product;
    private float[] bias;
    private Head head;

    Recognized(GraphReader reader) {
        this.reader = reader;
    }

    void features(int f) { width = f; }

    Value embedding(NodeProto n, Const table, Sequence ids) {
        if (embedding != null || table.floats() == null || table.dims().length != 2) return reader.unsupported(n, "a second embedding, or a table that is not [V, E] floats");
        embedding = table.floats();
        vocab = (int) table.dims()[0];
        width = (int) table.dims()[1];
        return new Sequence(0, width, false, ids.flipped());
    }

    int depth() { return layers.size(); }

    int directions() { return layers.isEmpty() ? 1 : layers.get(0).directions(); }

    int hidden() { return layers.isEmpty() ? 0 : layers.get(0).hidden(); }

    /** The layer node {@code n} adds on top of the stack, or null (reported) when it is not one rnn4j has. */
    Layer layer(NodeProto n, List<Value> in) {
        CellType cell = Cells.of(n, reader);
        if (cell == null) return null;
        if (!(in.get(0) instanceof Sequence x) || x.ids() || x.depth() != layers.size()) {
            reader.unsupported(n, "reads something other than the embedded input or the layer below's outputs");
            return null;
        }
        if (x.depth() == 0) inputTimeMajor = !x.flipped();
        else if (x.flipped()) {
            reader.unsupported(n, "reads the layer below's outputs batch first");
            return null;
        }
        for (int i = 1; i < 4; i++) {
            if (!(in.size() > i && in.get(i) instanceof Const c && c.floats() != null)) {
                reader.unsupported(n, "has weights that are not constants");
                return null;
            }
        }
        if (in.size() > 4 && in.get(4) != null) {
            reader.unsupported(n, "takes sequence_lens; PyTorch's export of a padded batch is not supported");
            return null;
        }
        for (int i = 5; i < in.size(); i++) {
            if (in.get(i) != null && !(in.get(i) instanceof Shaped s && s.zeros())) {
                reader.unsupported(n, i == 7 ? "has peephole weights, which PyTorch's LSTM has not" : "starts from a state other than zeros");
                return null;
            }
        }
        Const w = (Const) in.get(1), r = (Const) in.get(2), b = (Const) in.get(3);
        int directions = NodeOps.string(n, "direction", "forward").equals("bidirectional") ? 2 : 1, hidden = (int) NodeOps.attr(n, "hidden_size", 0);
        long g = (long) RecurrentGraph.gateOrder(cell).length * hidden;
        if (hidden < 1 || w.dims().length != 3 || w.dims()[0] != directions || w.dims()[1] != g || w.dims()[2] < 1
                || !java.util.Arrays.equals(r.dims(), new long[] {directions, g, hidden}) || !java.util.Arrays.equals(b.dims(), new long[] {directions, 2 * g})) {
            reader.unsupported(n, "has weights of shapes W " + java.util.Arrays.toString(w.dims()) + ", R " + java.util.Arrays.toString(r.dims()) + ", B "
                    + java.util.Arrays.toString(b.dims()) + " that do not fit hidden_size " + hidden + " and " + directions + " direction(s)");
            return null;
        }
        Layer layer = new Layer(cell, directions, hidden, (int) w.dims()[2], w.floats(), r.floats(), b.floats());
        if (!layers.isEmpty() && (layer.cell() != cell() || directions != directions() || hidden != hidden())) {
            reader.unsupported(n, "differs from the layer below in cell, direction or hidden size; an rnn4j stack has one of each");
            return null;
        }
        if (layer.input() != x.width()) {
            reader.unsupported(n, "reads " + layer.input() + " features from a value of " + x.width());
            return null;
        }
        layers.add(layer);
        return layer;
    }

    private CellType cell() { return layers.get(0).cell(); }

    void outputTimeMajor(boolean timeMajor) { outputTimeMajor = timeMajor; }

    void head(Product p, float[] b) {
        product = p;
        bias = b;
    }

    void head(Head h) { head = h; }

    void pooled(Pooled p) { pooled = p; }

    /** Whether the graph reads its input [steps, batch, ...] (an RNN with batch_first=False). */
    boolean inputTimeMajor() { return Boolean.TRUE.equals(inputTimeMajor); }

    /** Whether the graph's output at every step is [steps, batch, C]. */
    boolean outputTimeMajor() { return Boolean.TRUE.equals(outputTimeMajor); }

    /**
     * The rnn4j model: many-to-many when the output layer runs at every step, else many-to-one; a softmax makes a
     * classifier, a sigmoid on one output a binary classifier, and no link the head's raw outputs (as the logits of
     * classes when {@code regression} is false, the values otherwise).
     */
    Model<?, ?> build(boolean regression, Compute compute) {
        InputSpec input = embedding != null ? new InputSpec.Tokens(vocab, width) : new InputSpec.Vectors(width);
        int d = directions();
        RnnSpec rnn = new RnnSpec(cell(), hidden(), layers.size(), d == 2, 0f);
        Model<?, ?> model;
        if (head.everyStep()) {
            if (regression) throw new IllegalArgumentException("a linear layer at every step is a tagger; rnn4j has no regression at every step");
            model = new ManyToMany(new ManyToMany.Config(input, rnn, head.classes()), compute, new java.util.SplittableRandom(0));
        } else {
            Target target = "Softmax".equals(head.link()) ? new Target.Classes(head.classes())
                    : "Sigmoid".equals(head.link()) ? (head.classes() == 1 ? new Target.Binary() : null)
                    : regression ? new Target.Regression(head.classes()) : head.classes() == 1 ? new Target.Binary() : new Target.Classes(head.classes());
            if (target == null) throw new IllegalArgumentException("a sigmoid on " + head.classes() + " outputs (multi-label) is not an rnn4j target");
            model = new ManyToOne(new ManyToOne.Config(input, rnn, pooled.pooling(), target), compute, new java.util.SplittableRandom(0));
        }
        Map<String, float[]> weights = weights();
        for (Param p : model.params()) {
            float[] v = weights.get(p.name());
            if (v == null || v.length != p.value().size()) throw new IllegalStateException("no weights for " + p.name());
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) throw new IllegalArgumentException("its weight " + p.name() + " is " + v[i] + " at " + i);
            }
            System.arraycopy(v, 0, p.value().data(), 0, v.length);
            p.value().changed();
        }
        return model;
    }

    /** Every weight under its PyTorch name, the gates back in PyTorch's order. */
    private Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (embedding != null) out.put("embedding.weight", embedding);
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int[] order = RecurrentGraph.gateOrder(layer.cell());
            int g = order.length * layer.hidden();
            for (int dir = 0; dir < layer.directions(); dir++) {
                String s = "_l" + l + (dir == 1 ? "_reverse" : "");
                out.put("rnn.weight_ih" + s, back(layer.w(), dir * g * layer.input(), g * layer.input(), order));
                out.put("rnn.weight_hh" + s, back(layer.r(), dir * g * layer.hidden(), g * layer.hidden(), order));
                out.put("rnn.bias_ih" + s, back(layer.b(), 2 * dir * g, g, order));
                out.put("rnn.bias_hh" + s, back(layer.b(), (2 * dir + 1) * g, g, order));
            }
        }
        out.put("head.weight", product.weight());
        out.put("head.bias", bias);
        return out;
    }

    /** {@code length} values from {@code from} of ONNX's gate order, in PyTorch's. */
    private static float[] back(float[] onnx, int from, int length, int[] order) {
        float[] out = new float[length];
        int block = length / order.length;
        for (int gate = 0; gate < order.length; gate++) System.arraycopy(onnx, from + gate * block, out, order[gate] * block, block);
        return out;
    }

    /** One line: {@code tokens (V 40, E 8) → LSTM 10 × 2 layers, bidirectional → every step → linear 5}. */
    String summary() {
        return (embedding != null ? "tokens (vocabulary " + vocab + ", embedding " + width + ")" : width + " features") + (inputTimeMajor() ? " [steps, batch]" : " [batch, steps]")
                + " → " + cell().optionName() + " " + hidden() + " × " + layers.size() + (layers.size() == 1 ? " layer" : " layers") + (directions() == 2 ? ", bidirectional" : "")
                + " → " + (head.everyStep() ? "every step" : pooled.pooling().name().toLowerCase(java.util.Locale.ROOT)) + " → linear " + head.classes()
                + (head.link() != null ? " → " + head.link().toLowerCase(java.util.Locale.ROOT) : "");
    }
}
