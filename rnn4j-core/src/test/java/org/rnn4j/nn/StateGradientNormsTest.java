package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * The state gradients recorded during backward through time, ‖∂L/∂h_t‖, against their definition computed another
 * way: split each sequence at t, run the first part to h_t, run the rest of the network from h_t as its initial
 * state and take the gradient of that state (plus the loss's direct use of h_t as the output at t).
 * The loss is L = Σ a·out + Σ c·last with fixed random a and c, over a padded batch.
 */
class StateGradientNormsTest {
    static final Compute COMPUTE = Compute.auto();
    static final int B = 4, T = 6, F = 3, H = 5;
    static final int[] LENGTHS = {6, 3, 5, 1};

    static Tensor random(SplittableRandom r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) r.nextGaussian();
        return t;
    }

    /** Steps [from, to) of x [B, T, w]. */
    static Tensor steps(Tensor x, int from, int to) {
        int w = x.dim(2), n = to - from;
        Tensor out = Tensor.zeros(B, n, w);
        for (int b = 0; b < B; b++) System.arraycopy(x.data(), (b * x.dim(1) + from) * w, out.data(), b * n * w, n * w);
        return out;
    }

    @Test
    void recordedNormsEqualTheGradientOfTheStateAtEveryStep() {
        for (CellType cell : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                SplittableRandom r = new SplittableRandom(11);
                RnnStack rnn = new RnnStack(new RnnStack.Config(cell, F, H, layers, false, 0f), COMPUTE, r);
                Tensor x = random(r, B, T, F), a = random(r, B, T, H), c = random(r, layers, B, H);
                rnn.forward(x, LENGTHS, null, null);
                rnn.backward(a, new State(c, null));
                double[] recorded = rnn.stateGradientNorms()[0];

                for (int t = 1; t <= T; t++) {
                    int[] first = new int[B], rest = new int[B];
                    for (int b = 0; b < B; b++) {
                        first[b] = Math.min(LENGTHS[b], t);
                        rest[b] = Math.max(0, LENGTHS[b] - t);
                    }
                    State ht = rnn.forward(steps(x, 0, t), first, null, null).last();
                    boolean end = t == T;
                    rnn.forward(end ? Tensor.zeros(B, 1, F) : steps(x, t, T), rest, ht, null);
                    float[] dInit = rnn.backward(end ? Tensor.zeros(B, 1, H) : steps(a, t, T), new State(c, null)).dInit().h().data();
                    double sum = 0;
                    int count = 0;
                    for (int b = 0; b < B; b++) {
                        if (LENGTHS[b] < t) continue;
                        double sq = 0;
                        for (int j = 0; j < H; j++) {
                            double d = dInit[((layers - 1) * B + b) * H + j] + a.data()[(b * T + t - 1) * H + j];   // through the rest, and as out_t
                            sq += d * d;
                        }
                        sum += Math.sqrt(sq);
                        count++;
                    }
                    assertEquals(sum / count, recorded[t - 1], 1e-5 * (1 + sum / count), cell + " L=" + layers + " t=" + t);
                }
            }
        }
    }

    @Test
    void theReverseDirectionIsReportedAtInputPositions() {
        // with both directions' weights equal and every sequence and coefficient mirrored within its length, the
        // reverse direction at position t sees exactly what the forward direction sees at len - 1 - t
        int len = 4;
        int[] lengths = {len, len, len, len};
        SplittableRandom r = new SplittableRandom(12);
        RnnStack rnn = new RnnStack(new RnnStack.Config(CellType.GRU, F, H, 1, true, 0f), COMPUTE, r);
        List<Param> ps = rnn.params();
        for (int i = 0; i < 4; i++) System.arraycopy(ps.get(i).value().data(), 0, ps.get(i + 4).value().data(), 0, ps.get(i).value().size());
        Tensor x = random(r, B, T, F), a = random(r, B, T, 2 * H), c = random(r, 1, B, H);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < len / 2; t++) System.arraycopy(x.data(), (b * T + t) * F, x.data(), (b * T + len - 1 - t) * F, F);
            for (int t = 0; t < len; t++) {                        // the reverse half of a at t is the forward half at len - 1 - t
                System.arraycopy(a.data(), (b * T + len - 1 - t) * 2 * H, a.data(), (b * T + t) * 2 * H + H, H);
            }
        }
        Tensor bothLast = Tensor.zeros(2, B, H);
        System.arraycopy(c.data(), 0, bothLast.data(), 0, B * H);
        System.arraycopy(c.data(), 0, bothLast.data(), B * H, B * H);
        rnn.forward(x, lengths, null, null);
        rnn.backward(a, new State(bothLast, null));
        double[][] flow = rnn.stateGradientNorms();
        assertEquals(2, flow.length);
        for (int t = 0; t < len; t++) assertEquals(flow[0][len - 1 - t], flow[1][t], 1e-6 * (1 + flow[0][len - 1 - t]), "position " + t);
        for (int t = len; t < T; t++) assertEquals(0.0, flow[1][t], "padding position " + t);
    }
}
