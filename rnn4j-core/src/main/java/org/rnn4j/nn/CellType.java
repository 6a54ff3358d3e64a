package org.rnn4j.nn;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;

/**
 * The recurrent cells rnn4j offers; each makes its one-direction layer: a {@link RecurrentLayer} stepping its
 * {@link Cell} through time, or for the minimal cells a {@link MinimalLayer} scanning in parallel over time. Adding a
 * cell is a constant here and its cell class (docs/architecture.md walks through one); the command line, the model
 * files and the report take their names from this list.
 */
public enum CellType {
    /** SimpleRNN with tanh (PyTorch {@code nn.RNN}, the default non-linearity). */
    RNN_TANH(1, false, "rnn") {
        @Override Cell newCell(int hidden, Kernels k) { return new SimpleRnnCell(hidden, Activation.TANH, k); }
    },
    /** SimpleRNN with relu (PyTorch {@code nn.RNN(nonlinearity='relu')}). */
    RNN_RELU(1, false, "rnn_relu") {
        @Override Cell newCell(int hidden, Kernels k) { return new SimpleRnnCell(hidden, Activation.RELU, k); }
    },
    /** LSTM, gates i, f, g, o. */
    LSTM(4, true, "lstm") {
        @Override Cell newCell(int hidden, Kernels k) { return new LstmCell(hidden, k); }
    },
    /** GRU, gates r, z, n. */
    GRU(3, false, "gru") {
        @Override Cell newCell(int hidden, Kernels k) { return new GruCell(hidden, k); }
    },
    /**
     * minGRU (Feng et al. 2024): z = σ(W_z x + b_z), h̃ = g(W_h x + b_h), h_t = (1 - z) ⊙ h_{t-1} + z ⊙ h̃; no
     * W_hh, so it trains in parallel over time ({@link MinimalGates.MinGru}).
     */
    MINGRU(2, false, "mingru") {
        @Override MinimalGates minimalGates(Kernels k) { return MinimalGates.of(this, k); }
    },
    /**
     * minLSTM (Feng et al. 2024): f, i = σ(W x + b) normalised to f + i = 1, h̃ = g(W_h x + b_h),
     * h_t = f' ⊙ h_{t-1} + i' ⊙ h̃ ({@link MinimalGates.MinLstm}).
     */
    MINLSTM(3, false, "minlstm") {
        @Override MinimalGates minimalGates(Kernels k) { return MinimalGates.of(this, k); }
    };

    private final int gates;
    private final boolean cellState;
    private final String optionName;

    CellType(int gates, boolean cellState, String optionName) {
        this.gates = gates;
        this.cellState = cellState;
        this.optionName = optionName;
    }

    /** Gate blocks per hidden unit: G = gates() · H. */
    public int gates() { return gates; }

    /** Whether the state has a c besides h ({@link Cell#carried()} = 1), as LSTM's. */
    public boolean hasCellState() { return cellState; }

    /** The name {@code --cell} takes: rnn, rnn_relu, lstm, gru, mingru, minlstm. */
    public String optionName() { return optionName; }

    /** Every {@link #optionName()}, in order. */
    public static List<String> optionNames() {
        return Stream.of(values()).map(CellType::optionName).toList();
    }

    /** A cell by its option name or constant name, in any case ("simple" is the simple RNN too). */
    public static CellType parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("simple")) return RNN_TANH;
        for (CellType c : values()) if (c.optionName.equals(n) || c.name().toLowerCase(Locale.ROOT).equals(n)) return c;
        throw new IllegalArgumentException("expected one of " + String.join(", ", optionNames()) + " but was '" + name + "'");
    }

    /** Whether the gates read the input alone, so that the layer is a linear recurrence scanned in parallel. */
    public boolean parallelOverTime() { return this == MINGRU || this == MINLSTM; }

    /**
     * One direction of a layer of this cell, initialised from {@code rng}.
     *
     * @param suffix     name suffix of the parameters, e.g. {@code _l0} or {@code _l0_reverse}
     * @param forgetBias LSTM only ({@link RecurrentLayer}), or null
     */
    public Directional layer(int inputSize, int hidden, String suffix, Compute compute, RandomGenerator rng, Float forgetBias) {
        if (parallelOverTime()) {
            if (forgetBias != null) throw new IllegalArgumentException("a forget-gate bias is for LSTM cells; a " + this + " has none");
            return new MinimalLayer(this, inputSize, hidden, suffix, compute, rng);
        }
        return new RecurrentLayer(this, inputSize, hidden, suffix, compute, rng, forgetBias);
    }

    /** The step cell a {@link RecurrentLayer} runs (the cells with a W_hh). */
    Cell newCell(int hidden, Kernels k) { throw new IllegalStateException(this + " has no step cell: a MinimalLayer scans it"); }

    /** The gates' math a {@link MinimalLayer} runs (the cells without a W_hh). */
    MinimalGates minimalGates(Kernels k) { throw new IllegalStateException(this + " steps a cell: a RecurrentLayer runs it"); }
}
