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
 */
public final class RnnStack implements SequenceLayer {

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
    public record Config(CellType cell, int inputSize, int hidden, int layers, boolean bidirectional, float dropout, Float forgetBias) {
        public Config {
            if (layers < 1) throw new IllegalArgumentException("layers must be at least 1, got " + layers);
            if (!(dropout >= 0f && dropout < 1f)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            if (forgetBias != null && (cell != CellType.LSTM || !Float.isFinite(forgetBias))) {
                throw new IllegalArgumentException("a forget-gate bias is a finite number for LSTM cells, got " + forgetBias + " for " + cell);
            }
        }

        /** Initialised as PyTorch initialises its layers. */
        public Config(CellType cell, int inputSize, int hidden, int layers, boolean bidirectional, float dropout) {
            this(cell, inputSize, hidden, layers, bidirectional, dropout, null);
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

    public RnnStack(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        int d = config.directions();
        for (int l = 0; l < config.layers(); l++) {
            int in = l == 0 ? config.inputSize() : d * config.hidden();
            Directional fwd = config.cell().layer(in, config.hidden(), "_l" + l, compute, rng, config.forgetBias());
            layers.add(config.bidirectional()
                    ? new Bidirectional(fwd, config.cell().layer(in, config.hidden(), "_l" + l + "_reverse", compute, rng, config.forgetBias()))
                    : fwd);
        }
    }

    public Config config() { return config; }

    @Override public int inputSize() { return config.inputSize(); }

    @Override public int outputSize() { return config.directions() * config.hidden(); }

    @Override public int stateCount() { return config.layers() * config.directions(); }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (SequenceLayer l : layers) ps.addAll(l.params());
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
            Output o = pass.run(layers.get(l), in, init == null ? null : init.slice(l * d, d));
            last.add(o.last());
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
            dIn = g.dx();
        }
        return new Grads(dIn, State.concat(dInit));
    }

    /** The top layer's. */
    @Override
    public double[][] stateGradientNorms() {
        return layers.get(layers.size() - 1).stateGradientNorms();
    }
}
