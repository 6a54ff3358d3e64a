package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/** The recurrent cells rnn4j offers; each makes its {@link Cell} for a hidden size. */
public enum CellType {
    /** SimpleRNN with tanh (PyTorch {@code nn.RNN}, the default non-linearity). */
    RNN_TANH(1) {
        @Override Cell newCell(int hidden, Kernels k) { return new SimpleRnnCell(hidden, Activation.TANH, k); }
    },
    /** SimpleRNN with relu (PyTorch {@code nn.RNN(nonlinearity='relu')}). */
    RNN_RELU(1) {
        @Override Cell newCell(int hidden, Kernels k) { return new SimpleRnnCell(hidden, Activation.RELU, k); }
    },
    /** LSTM, gates i, f, g, o. */
    LSTM(4) {
        @Override Cell newCell(int hidden, Kernels k) { return new LstmCell(hidden, k); }
    },
    /** GRU, gates r, z, n. */
    GRU(3) {
        @Override Cell newCell(int hidden, Kernels k) { return new GruCell(hidden, k); }
    };

    private final int gates;

    CellType(int gates) { this.gates = gates; }

    /** Gate blocks per hidden unit: G = gates() · H. */
    public int gates() { return gates; }

    /** True for LSTM, whose state has a c besides h ({@link Cell#carried()} = 1). */
    public boolean hasCellState() { return this == LSTM; }

    abstract Cell newCell(int hidden, Kernels k);
}
