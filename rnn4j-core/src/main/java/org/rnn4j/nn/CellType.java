package org.rnn4j.nn;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rnn4j.tensor.Kernels;

/**
 * The recurrent cells rnn4j offers; each makes its {@link Cell} for a hidden size. Adding a cell is a constant here and
 * its cell class (docs/architecture.md walks through one); the command line, the model files and the report take
 * their names from this list.
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

    /** The name {@code --cell} takes: rnn, rnn_relu, lstm, gru. */
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

    abstract Cell newCell(int hidden, Kernels k);
}
