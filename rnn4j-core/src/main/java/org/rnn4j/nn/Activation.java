package org.rnn4j.nn;

import org.rnn4j.tensor.Kernels;

/** The non-linearity f of a SimpleRNN, {@code h_t = f(...)}, with its derivative written from f's output. */
public enum Activation {
    TANH {
        @Override
        void apply(Kernels k, float[] x, int xOff, float[] y, int yOff, int n) { k.tanh(x, xOff, y, yOff, n); }

        @Override
        void backward(Kernels k, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
            k.tanhBackward(y, yOff, dy, dyOff, dx, dxOff, n);
        }
    },
    RELU {
        @Override
        void apply(Kernels k, float[] x, int xOff, float[] y, int yOff, int n) { k.relu(x, xOff, y, yOff, n); }

        @Override
        void backward(Kernels k, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
            k.reluBackward(y, yOff, dy, dyOff, dx, dxOff, n);
        }
    };

    abstract void apply(Kernels k, float[] x, int xOff, float[] y, int yOff, int n);

    abstract void backward(Kernels k, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);
}
