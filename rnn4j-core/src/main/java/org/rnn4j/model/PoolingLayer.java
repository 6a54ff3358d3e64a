package org.rnn4j.model;

import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.tensor.Tensor;

/**
 * Reads one vector [B, D·H] per sequence from a recurrent stack's result ({@link Pooling}): the top layer's
 * last state, or the mean or maximum of the outputs of the true steps. Padding steps never count; a sequence
 * of length 0 pools to zeros.
 */
final class PoolingLayer {
    /** The gradient for the stack: ∂L/∂out [B, T, D·H] for MEAN and MAX, ∂L/∂last [N, B, H] for LAST. */
    record Grad(Tensor dOut, State dLast) {}

    private final Pooling pooling;
    private final int layers, directions, hidden;
    private int[] lengths, argmax;
    private int steps;
    private boolean hasCellState;

    PoolingLayer(Pooling pooling, RnnSpec rnn) {
        this.pooling = pooling;
        this.layers = rnn.layers();
        this.directions = rnn.bidirectional() ? 2 : 1;
        this.hidden = rnn.hidden();
    }

    /** @param o the stack's output [B, T, D·H] and last state [L·D, B, H]; @return [B, D·H] */
    Tensor forward(SequenceLayer.Output o, int[] lengths) {
        int b = lengths.length, w = directions * hidden;
        this.lengths = lengths;
        this.steps = o.out().dim(1);
        this.hasCellState = o.last().c() != null;
        if (pooling == Pooling.LAST) return topStates(o.last());
        Tensor pooled = Tensor.zeros(b, w);
        float[] p = pooled.data(), out = o.out().data();
        if (pooling == Pooling.MEAN) {
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < lengths[i]; t++) {
                    int src = (i * steps + t) * w;
                    for (int j = 0; j < w; j++) p[i * w + j] += out[src + j];
                }
                if (lengths[i] > 0) for (int j = 0; j < w; j++) p[i * w + j] /= lengths[i];
            }
        } else {                                                         // MAX
            argmax = new int[b * w];
            java.util.Arrays.fill(argmax, -1);
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < lengths[i]; t++) {
                    int src = (i * steps + t) * w;
                    for (int j = 0; j < w; j++) {
                        if (t == 0 || out[src + j] > p[i * w + j]) {
                            p[i * w + j] = out[src + j];
                            argmax[i * w + j] = t;
                        }
                    }
                }
            }
        }
        return pooled;
    }

    /**
     * The pooled vector of the stack's inference pass on x [B, T, F]: as {@link #forward} of {@code rnn.infer}, but
     * for LAST the stack writes no outputs [B, T, D·H]. No backward may follow.
     */
    Tensor infer(SequenceLayer rnn, Tensor x, int[] lengths) {
        if (pooling == Pooling.LAST) return topStates(rnn.inferLast(x, lengths, null));
        return forward(rnn.infer(x, lengths, null), lengths);
    }

    /** The top layer's last state of each direction, side by side: [B, D·H]. */
    private Tensor topStates(State last) {
        int b = last.h().dim(1), w = directions * hidden;
        Tensor pooled = Tensor.zeros(b, w);
        float[] p = pooled.data(), h = last.h().data();
        for (int d = 0; d < directions; d++) {
            int n = (layers - 1) * directions + d;
            for (int i = 0; i < b; i++) System.arraycopy(h, (n * b + i) * hidden, p, i * w + d * hidden, hidden);
        }
        return pooled;
    }

    /** @param dPooled ∂L/∂pooled [B, D·H] */
    Grad backward(Tensor dPooled) {
        int b = lengths.length, w = directions * hidden;
        float[] dp = dPooled.data();
        if (pooling == Pooling.LAST) {
            int n = layers * directions;
            Tensor dh = Tensor.zeros(n, b, hidden);
            for (int d = 0; d < directions; d++) {
                int e = (layers - 1) * directions + d;
                for (int i = 0; i < b; i++) System.arraycopy(dp, i * w + d * hidden, dh.data(), (e * b + i) * hidden, hidden);
            }
            return new Grad(null, new State(dh, hasCellState ? Tensor.zeros(n, b, hidden) : null));
        }
        Tensor dOut = Tensor.zeros(b, steps, w);
        float[] g = dOut.data();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < w; j++) {
                if (pooling == Pooling.MEAN) {
                    for (int t = 0; t < lengths[i]; t++) g[(i * steps + t) * w + j] = dp[i * w + j] / lengths[i];
                } else if (argmax[i * w + j] >= 0) {
                    g[(i * steps + argmax[i * w + j]) * w + j] = dp[i * w + j];
                }
            }
        }
        return new Grad(dOut, null);
    }
}
