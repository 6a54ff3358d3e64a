package org.rnn4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * L recurrent layers, each one- or two-directional, with dropout between them: PyTorch's {@code nn.RNN},
 * {@code nn.LSTM} and {@code nn.GRU} with {@code batch_first=True}, under the same parameter names
 * ({@code weight_ih_l1_reverse}, ...). States are [L·D, B, H], layer by layer, forward before reverse.
 *
 * <p>Between layers, optionally ({@link Stacking}), as Feng et al. stack minGRU and minLSTM: layer l ≥ 1 reads its
 * input x through a {@link LayerNorm} ({@code norm_l1.weight}, ...), and adds x to its output (a residual
 * connection): {@code out = x + layer(norm(x))}.
 */
public final class RnnStack implements SequenceLayer {

    /**
     * What joins layer l - 1 to layer l ≥ 1: a residual connection (the layer's input added to its output) and a
     * layer normalisation of the input. Both off is PyTorch's plain stack.
     */
    public record Stacking(boolean residual, boolean layerNorm) {
        public static final Stacking PLAIN = new Stacking(false, false);

        public boolean plain() { return !residual && !layerNorm; }
    }

    /**
     * Hyper-parameters.
     *
     * @param cell          the recurrent cell
     * @param inputSize     F
     * @param hidden        H
     * @param layers        L ≥ 1
     * @param bidirectional D = 2 when true
     * @param dropout       probability of dropping an output of every layer but the last, while training
     * @param forgetBias    LSTM: null to draw the forget gate's biases as PyTorch does, or the value they start at
     *                      (Keras' {@code unit_forget_bias}: 1)
     */
    public record Config(CellType cell, int inputSize, int hidden, int layers, boolean bidirectional, float dropout, Float forgetBias, Stacking stacking) {
        public Config {
            if (stacking == null) stacking = Stacking.PLAIN;
            if (!stacking.plain() && layers < 2) throw new IllegalArgumentException("residual connections and layer normalisation join stacked layers; they need at least 2 layers, got " + layers);
            if (layers < 1) throw new IllegalArgumentException("layers must be at least 1, got " + layers);
            if (!(dropout >= 0f && dropout < 1f)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            if (forgetBias != null && (cell != CellType.LSTM || !Float.isFinite(forgetBias))) {
                throw new IllegalArgumentException("a forget-gate bias is a finite number for LSTM cells, got " + forgetBias + " for " + cell);
            }
        }

        /** Initialised as PyTorch initialises its layers. */
        public Config(CellType cell, int inputSize, int hidden, int layers, boolean bidirectional, float dropout) {
            this(cell, inputSize, hidden, layers, bidirectional, dropout, null, Stacking.PLAIN);
        }

        /** A plain stack. */
        public Config(CellType cell, int inputSize, int hidden, int layers, boolean bidirectional, float dropout, Float forgetBias) {
            this(cell, inputSize, hidden, layers, bidirectional, dropout, forgetBias, Stacking.PLAIN);
        }

        /** One unidirectional layer without dropout. */
        public static Config of(CellType cell, int inputSize, int hidden) {
            return new Config(cell, inputSize, hidden, 1, false, 0f);
        }

        public int directions() { return bidirectional ? 2 : 1; }
    }

    private final Config config;
    private final List<SequenceLayer> layers = new ArrayList<>();
    private final List<float[]> dropoutMasks = new ArrayList<>();
    private final List<LayerNorm> norms = new ArrayList<>();         // before layers 1.., when the stacking has them

    public RnnStack(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        int d = config.directions();
        for (int l = 0; l < config.layers(); l++) {
            int in = l == 0 ? config.inputSize() : d * config.hidden();
            Directional fwd = config.cell().layer(in, config.hidden(), "_l" + l, compute, rng, config.forgetBias());
            layers.add(config.bidirectional()
                    ? new Bidirectional(fwd, config.cell().layer(in, config.hidden(), "_l" + l + "_reverse", compute, rng, config.forgetBias()))
                    : fwd);
            if (l > 0 && config.stacking().layerNorm()) norms.add(new LayerNorm(d * config.hidden(), "norm_l" + l + "."));
        }
    }

    public Config config() { return config; }

    @Override public int inputSize() { return config.inputSize(); }

    @Override public int outputSize() { return config.directions() * config.hidden(); }

    @Override public int stateCount() { return config.layers() * config.directions(); }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (l > 0 && !norms.isEmpty()) ps.addAll(norms.get(l - 1).params());
            ps.addAll(layers.get(l).params());
        }
        return ps;
    }

    @Override
    public Output forward(Tensor x, int[] lengths, State init, RandomGenerator rng) {
        return stack(x, init, rng, (layer, in, s) -> layer.forward(in, lengths, s, rng));
    }

    @Override
    public Output infer(Tensor x, int[] lengths, State init) {
        return stack(x, init, null, (layer, in, s) -> layer.infer(in, lengths, s));
    }

    /** The layers below the top one run {@link #infer}; the top one only its last state. */
    @Override
    public State inferLast(Tensor x, int[] lengths, State init) {
        SequenceLayer top = layers.get(layers.size() - 1);
        return stack(x, init, null, (layer, in, s) -> layer == top ? new Output(null, layer.inferLast(in, lengths, s)) : layer.infer(in, lengths, s)).last();
    }

    /** The layers in order, each on the output of the one below, with dropout between them when rng is given. */
    private Output stack(Tensor x, State init, RandomGenerator rng, Pass pass) {
        int d = config.directions();
        Init.checkState(init, stateCount(), x.dim(0), config.hidden(), config.cell().hasCellState());
        dropoutMasks.clear();
        List<State> last = new ArrayList<>();
        Tensor in = x;
        for (int l = 0; l < layers.size(); l++) {
            Tensor read = l > 0 && !norms.isEmpty() ? norms.get(l - 1).forward(in) : in;
            Output o = pass.run(layers.get(l), read, init == null ? null : init.slice(l * d, d));
            last.add(o.last());
            if (l > 0 && config.stacking().residual() && o.out() != null) {
                float[] sum = o.out().data(), skip = in.data();
                for (int i = 0; i < sum.length; i++) sum[i] += skip[i];          // padding: 0 + 0
            }
            in = o.out();
            if (l < layers.size() - 1 && rng != null && config.dropout() > 0f) {
                float[] mask = Dropout.mask(in.size(), config.dropout(), rng);
                Dropout.apply(in.data(), mask);
                dropoutMasks.add(mask);
            } else {
                dropoutMasks.add(null);
            }
        }
        return new Output(in, State.concat(last));
    }

    @Override
    public Grads backward(Tensor dOut, State dLast) {
        int d = config.directions();
        Tensor dIn = dOut;
        List<State> dInit = new ArrayList<>();
        for (int l = layers.size() - 1; l >= 0; l--) {
            float[] mask = dropoutMasks.get(l);
            if (mask != null && dIn != null) {
                dIn = dIn.copy();
                Dropout.apply(dIn.data(), mask);
            }
            Grads g = layers.get(l).backward(dIn, dLast == null ? null : dLast.slice(l * d, d));
            dInit.add(0, g.dInit());
            Tensor dx = l > 0 && !norms.isEmpty() ? norms.get(l - 1).backward(g.dx()) : g.dx();
            if (l > 0 && config.stacking().residual() && dIn != null) {
                float[] sum = dx.data(), direct = dIn.data();
                for (int i = 0; i < sum.length; i++) sum[i] += direct[i];
            }
            dIn = dx;
        }
        return new Grads(dIn, State.concat(dInit));
    }

    /** The top layer's. */
    @Override
    public double[][] stateGradientNorms() {
        return layers.get(layers.size() - 1).stateGradientNorms();
    }
}
