package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.BinaryCrossEntropy;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Loss;
import org.rnn4j.nn.OneHot;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RecurrentLayer;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.State;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Gradients;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.Sgd;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/**
 * The course's worked examples, executable. Its notation maps to ours as W_i = weight_ihᵀ [F, H],
 * W_h = weight_hhᵀ [H, H], W_o = the output layer's weightᵀ [H, 1], O_t = h_t, O_0 = 0.
 */
class CourseExamplesTest {

    /** The many-to-one network: one-hot over 5 words, 3 hidden units, ŷ = σ(O_T W_o). */
    static final class ManyToOne {
        final RecurrentLayer rnn;
        final Dense out;
        final int vocab;

        ManyToOne(int vocab, int hidden, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            this.vocab = vocab;
            rnn = new RecurrentLayer(CellType.RNN_TANH, vocab, hidden, "_l0", Compute.auto(), rng);
            out = new Dense(hidden, 1, Compute.auto(), rng);
        }

        List<Param> params() {
            List<Param> ps = new ArrayList<>(rnn.params());
            ps.addAll(out.params());
            return ps;
        }

        /** Logits [B, 1] for ids [B, T] with true lengths. */
        Tensor forward(int[] ids, int batch, int steps, int[] lengths) {
            SequenceLayer.Output o = rnn.forward(OneHot.encode(ids, batch, steps, vocab), lengths, null, null);
            return out.forward(o.last().h().reshape(batch, rnn.hidden()));
        }

        double trainStep(int[] ids, int batch, int steps, int[] lengths, float[] labels, Optimizer opt) {
            Gradients.zero(params());
            Tensor logits = forward(ids, batch, steps, lengths);
            Loss.Result r = new BinaryCrossEntropy().evaluate(logits, labels);
            Tensor dh = out.backward(r.grad());
            rnn.backward(null, new State(dh.reshape(1, batch, rnn.hidden()), null));
            opt.step();
            return r.value();
        }

        float probability(int[] ids) {
            return sigmoid(forward(ids, 1, ids.length, new int[] {ids.length}).data()[0]);
        }
    }

    static float sigmoid(double x) { return (float) (1 / (1 + Math.exp(-x))); }

    @Test
    void forwardShapesOfTheManyToOneNetwork() {
        ManyToOne m = new ManyToOne(5, 3, 1);
        Param wIh = m.rnn.params().get(0), wHh = m.rnn.params().get(1), wOut = m.out.params().get(0);
        assertArrayEquals(new int[] {3, 5}, wIh.value().shape(), "W_i = weight_ihᵀ is [5, 3]");
        assertArrayEquals(new int[] {3, 3}, wHh.value().shape(), "W_h is [3, 3]");
        assertArrayEquals(new int[] {1, 3}, wOut.value().shape(), "W_o = weightᵀ is [3, 1]");
        m.out.params().get(1).value().fill(0f);
        for (Param p : m.rnn.params()) if (p.name().startsWith("bias")) p.value().fill(0f);

        int[] review = {0, 3, 2};
        Tensor x = OneHot.encode(review, 1, 3, 5);
        assertArrayEquals(new int[] {1, 3, 5}, x.shape(), "x_t is [1, 5] at each of 3 steps");
        SequenceLayer.Output o = m.rnn.forward(x, new int[] {3}, null, null);
        assertArrayEquals(new int[] {1, 3, 3}, o.out().shape(), "O_t is [1, 3] at each step");

        double[] prev = {0, 0, 0};                          // O_0 = 0
        for (int t = 0; t < 3; t++) {                       // O_t = tanh(x_t W_i + O_{t-1} W_h)
            double[] next = new double[3];
            for (int j = 0; j < 3; j++) {
                double s = wIh.value().get(j, review[t]);
                for (int i = 0; i < 3; i++) s += prev[i] * wHh.value().get(j, i);
                next[j] = Math.tanh(s);
                assertEquals(next[j], o.out().get(0, t, j), 1e-6, "O_" + (t + 1));
            }
            prev = next;
        }
        double logit = 0;
        for (int j = 0; j < 3; j++) logit += prev[j] * wOut.value().get(0, j);
        assertEquals(sigmoid(logit), m.probability(review), 1e-6, "ŷ = σ(O_3 W_o)");
    }

    static final int CAT = 0, MAT = 1, RAT = 2;
    static final int[][] REVIEWS = {{CAT, MAT, RAT}, {RAT, RAT, MAT}, {MAT, MAT, CAT}};
    static final float[] LABELS = {1, 1, 0};

    /**
     * BPTT equals the course's explicit sum over the paths from L back through O_3, O_2, O_1:
     * ∂L/∂W = ∂L/∂ŷ ∂ŷ/∂O_3 [∂O_3/∂W + ∂O_3/∂O_2 ∂O_2/∂W + ∂O_3/∂O_2 ∂O_2/∂O_1 ∂O_1/∂W].
     */
    @Test
    void bpttEqualsTheSumOverPaths() {
        for (int r = 0; r < REVIEWS.length; r++) {
            ManyToOne m = new ManyToOne(3, 3, 5 + r);
            int[] ids = REVIEWS[r];
            Gradients.zero(m.params());
            Tensor logit = m.forward(ids, 1, 3, new int[] {3});
            Loss.Result loss = new BinaryCrossEntropy().evaluate(logit, new float[] {LABELS[r]});
            m.rnn.backward(null, new State(m.out.backward(loss.grad()).reshape(1, 1, 3), null));

            double[][] wi = transpose(m.rnn.params().get(0).value(), 3, 3), wh = transpose(m.rnn.params().get(1).value(), 3, 3);
            double[] b = new double[3];
            for (int j = 0; j < 3; j++) b[j] = m.rnn.params().get(2).value().get(j) + m.rnn.params().get(3).value().get(j);
            double[][] o = new double[4][3];                  // O_0 .. O_3
            double[][] x = new double[4][];
            for (int t = 1; t <= 3; t++) {
                x[t] = new double[3];
                x[t][ids[t - 1]] = 1;
                for (int j = 0; j < 3; j++) {
                    double s = b[j];
                    for (int i = 0; i < 3; i++) s += x[t][i] * wi[i][j] + o[t - 1][i] * wh[i][j];
                    o[t][j] = Math.tanh(s);
                }
            }
            double yHat = sigmoid(logit.data()[0]);
            double dLdyHat = -LABELS[r] / yHat + (1 - LABELS[r]) / (1 - yHat);          // L = -y log ŷ - (1-y) log(1-ŷ)
            double[] dLdO3 = new double[3];                                             // ∂L/∂ŷ ∂ŷ/∂O_3 = ∂L/∂ŷ ŷ(1-ŷ) W_oᵀ
            for (int j = 0; j < 3; j++) dLdO3[j] = dLdyHat * yHat * (1 - yHat) * m.out.params().get(0).value().get(0, j);

            double[][] pathWh = new double[3][3], pathWi = new double[3][3];
            for (int k = 3; k >= 1; k--) {                       // the path through O_3 ← ... ← O_k
                double[] g = dLdO3.clone();
                for (int t = 3; t > k; t--) g = throughStep(g, o[t], wh); // ∂O_t/∂O_{t-1} = diag(1 - O_t²) W_hᵀ
                for (int n = 0; n < 3; n++) {
                    double delta = g[n] * (1 - o[k][n] * o[k][n]);        // immediate ∂O_k/∂W through tanh
                    for (int mm = 0; mm < 3; mm++) {
                        pathWh[mm][n] += delta * o[k - 1][mm];
                        pathWi[mm][n] += delta * x[k][mm];
                    }
                }
            }
            Check.close("∂L/∂W_h review " + r, flat(pathWh), flatT(m.rnn.params().get(1).grad()), 1e-4);
            Check.close("∂L/∂W_i review " + r, flat(pathWi), flatT(m.rnn.params().get(0).grad()), 1e-4);
        }
    }

    @Test
    void gradientDescentClassifiesTheThreeReviews() {
        ManyToOne m = new ManyToOne(3, 3, 11);
        Sgd sgd = new Sgd(m.params(), 0.5);
        int[] ids = new int[9];
        for (int r = 0; r < 3; r++) System.arraycopy(REVIEWS[r], 0, ids, 3 * r, 3);
        double first = m.trainStep(ids, 3, 3, new int[] {3, 3, 3}, LABELS, sgd), last = first;
        for (int epoch = 0; epoch < 500; epoch++) last = m.trainStep(ids, 3, 3, new int[] {3, 3, 3}, LABELS, sgd);
        assertTrue(last < first / 10, "loss fell from " + first + " to " + last);
        for (int r = 0; r < 3; r++) assertEquals(LABELS[r], m.probability(REVIEWS[r]) > 0.5 ? 1f : 0f, "review " + r);
    }

    /** "movie was good" → 1, "movie bad was" → 0, "movie was not good" → 0: padded to T = 4 with a mask. */
    @Test
    void learnsTheSentimentToyWithPadding() {
        int movie = 0, was = 1, good = 2, bad = 3, not = 4;
        int[] ids = {movie, was, good, 0, movie, bad, was, 0, movie, was, not, good};
        int[] lengths = {3, 3, 4};
        float[] labels = {1, 0, 0};
        ManyToOne m = new ManyToOne(5, 8, 3);
        Adam adam = new Adam(m.params(), 0.05);
        double loss = 1;
        for (int epoch = 0; epoch < 300; epoch++) loss = m.trainStep(ids, 3, 4, lengths, labels, adam);
        assertTrue(loss < 0.05, "loss " + loss);
        assertTrue(m.probability(new int[] {movie, was, good}) > 0.5);
        assertTrue(m.probability(new int[] {movie, bad, was}) < 0.5);
        assertTrue(m.probability(new int[] {movie, was, not, good}) < 0.5);
        float padded = sigmoid(m.forward(ids, 3, 4, lengths).data()[0]);
        assertEquals(m.probability(new int[] {movie, was, good}), padded, 0f, "padding does not change the prediction");
    }

    static double[] throughStep(double[] g, double[] oT, double[][] wh) {
        double[] out = new double[3];
        for (int mm = 0; mm < 3; mm++) {
            for (int n = 0; n < 3; n++) out[mm] += g[n] * (1 - oT[n] * oT[n]) * wh[mm][n];
        }
        return out;
    }

    static double[][] transpose(Tensor w, int rows, int cols) {
        double[][] out = new double[cols][rows];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[j][i] = w.get(i, j);
        return out;
    }

    static float[] flat(double[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) out[i * a[0].length + j] = (float) a[i][j];
        return out;
    }

    /** The gradient of weight [H, F] as the gradient of W = weightᵀ [F, H], flattened. */
    static float[] flatT(Tensor g) {
        int rows = g.dim(0), cols = g.dim(1);
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[j * rows + i] = g.get(i, j);
        return out;
    }
}
