package org.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.Check;

/** The fast kernels against the naive reference, on shapes with every kind of tail; threads change nothing. */
class KernelsTest {
    final Kernels naive = new NaiveKernels();
    final Kernels fast = Compute.bestKernels();
    final SplittableRandom rng = new SplittableRandom(17);

    float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    @Test
    void theVectorApiIsUsedWhenItsModuleIsEnabled() {
        assertTrue(fast.name().startsWith("vector-api"), "tests run with --add-modules jdk.incubator.vector; got " + fast.name());
    }

    @Test
    void axpyEqualsTheReferenceBitForBitAndDotAgreesToRounding() {
        for (int n : new int[] {0, 1, 7, 16, 50, 100, 301}) {
            float[] x = random(n + 3), y0 = random(n + 2);
            float[] y1 = y0.clone(), y2 = y0.clone();
            naive.axpy(-0.37f, x, 3, y1, 2, n);
            fast.axpy(-0.37f, x, 3, y2, 2, n);
            assertArrayEquals(y1, y2, "axpy " + n);
            for (int i = 0; i < n; i++) assertEquals(Math.fma(-0.37f, x[3 + i], y0[2 + i]), y2[2 + i], "axpy " + n);
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) x[3 + i] * y0[2 + i];
                magnitude += Math.abs((double) x[3 + i] * y0[2 + i]);
            }
            float fastDot = fast.dot(x, 3, y0, 2, n);
            assertEquals(exact, fastDot, 1e-6 * magnitude + 1e-30, "dot " + n);
            assertEquals(exact, naive.dot(x, 3, y0, 2, n), 1e-6 * magnitude + 1e-30, "naive dot " + n);
            assertEquals(fastDot, fast.dot(x, 3, y0, 2, n), "the same bits again, dot " + n);
        }
    }

    @Test
    void gemmVariantsEqualTheReferenceBitForBit() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 32, 16}, {5, 33, 300}, {17, 96, 64}, {64, 130, 257}, {2, 512, 128}, {8, 200, 40}, {20, 224, 300},
                // narrow: zero-padded to L-wide columns; 6-row blocks then 4-row blocks then single rows (m = 17, 20, 64, 96...)
                {40, 28, 384}, {64, 10, 128}, {20, 47, 300}, {384, 28, 500}, {96, 40, 300}, {192, 64, 600}, {48, 7, 260}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(m * k + 3), b = random(k * n + 5), c0 = random(m * n + 2);
            float[] c1 = c0.clone(), c2 = c0.clone();
            naive.matmul(a, 3, b, 5, c1, 2, m, n, k);
            fast.matmul(a, 3, b, 5, c2, 2, m, n, k);
            assertArrayEquals(c1, c2, "matmul " + java.util.Arrays.toString(s));
            c1 = c0.clone(); c2 = c0.clone();
            naive.matmulAdd(a, 3, b, 5, c1, 2, m, n, k);
            fast.matmulAdd(a, 3, b, 5, c2, 2, m, n, k);
            assertArrayEquals(c1, c2, "matmulAdd " + java.util.Arrays.toString(s));
            float[] at = random(k * (m + 4));
            c1 = c0.clone(); c2 = c0.clone();
            naive.matmulTransAAdd(at, 1, m + 3, b, 5, c1, 2, m, n, k);
            fast.matmulTransAAdd(at, 1, m + 3, b, 5, c2, 2, m, n, k);
            assertArrayEquals(c1, c2, "matmulTransAAdd " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void packedGemmEqualsTheReferenceBitForBit() {
        // the recurrent product h_{t-1} · W_hhᵀ at every step: one row (a batch of one) to many, k across a block boundary,
        // n with four-strip groups and a narrow strip left over (288, 800)
        float[] reused = new float[300 * 800];                 // every packing after the first writes into the same array
        for (int m : new int[] {1, 2, 3, 4, 5, 9, 13, 24, 30, 64}) {
            for (int n : new int[] {32, 64, 96, 192, 288, 512, 800}) {
                for (int k : new int[] {1, 37, 128, 300}) {
                    float[] a = random(m * k + 3), b = random(k * n), c0 = random(m * n + 2);
                    float[] packed = fast.pack(b, k, n, m == 1 ? null : reused);
                    if (fast.vectorApi() && m > 1) assertTrue(packed == reused, "packed into the array given");
                    float[] c1 = c0.clone(), c2 = c0.clone();
                    naive.matmulAdd(a, 3, b, 0, c1, 2, m, n, k);
                    fast.matmulPackedAdd(a, 3, packed, c2, 2, m, n, k);
                    assertArrayEquals(c1, c2, "matmulPackedAdd m " + m + " n " + n + " k " + k);
                }
            }
        }
        assertTrue(fast.pack(random(8 * 33), 8, 33, null) == null, "no packed layout for a width that is not a multiple of two vectors");
        assertTrue(naive.pack(random(8 * 32), 8, 32, null) == null, "the reference packs nothing");
    }

    @Test
    void parallelGemmEqualsSingleThreaded() {
        Compute two = new Compute(fast, 2), one = new Compute(fast, 1);
        int m = 200, n = 300, k = 128;
        float[] a = random(m * k), b = random(k * n), c1 = new float[m * n], c2 = new float[m * n];
        one.matmul(a, 0, b, 0, c1, 0, m, n, k);
        two.matmul(a, 0, b, 0, c2, 0, m, n, k);
        assertArrayEquals(c1, c2);
        float[] g1 = new float[m * n], g2 = new float[m * n], d = random(k * m);
        one.matmulTransAAdd(d, 0, b, 0, g1, 0, m, n, k);
        two.matmulTransAAdd(d, 0, b, 0, g2, 0, m, n, k);
        assertArrayEquals(g1, g2);
        int wide = 384, narrow = 28, rows = 700;                           // each thread's slice of a, computed as (bᵀ·a)ᵀ
        float[] dy = random(rows * wide), x = random(rows * narrow), w1 = random(wide * narrow), w2 = w1.clone(), w0 = w1.clone();
        one.matmulTransAAdd(dy, 0, x, 0, w1, 0, wide, narrow, rows);
        two.matmulTransAAdd(dy, 0, x, 0, w2, 0, wide, narrow, rows);
        new Compute(naive, 1).matmulTransAAdd(dy, 0, x, 0, w0, 0, wide, narrow, rows);
        assertArrayEquals(w0, w1);
        assertArrayEquals(w0, w2);
    }


    @Test
    void affineEqualsTheBiasFilledProductOnAnyThreadCount() {
        // rows that are not a multiple of the block (128 rows at n = 512), nor of 4; a bias at an offset
        for (int[] s : new int[][] {{1, 512, 32}, {7, 20, 5}, {301, 512, 32}, {1030, 300, 40}, {64, 1000, 256}}) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(m * k + 3), b = random(k * n + 2), bias = random(n + 5), expected = new float[m * n];
            for (int r = 0; r < m; r++) System.arraycopy(bias, 5, expected, r * n, n);
            new Compute(naive, 1).matmulAdd(a, 3, b, 2, expected, 0, m, n, k);
            for (Compute c : new Compute[] {new Compute(fast, 1), new Compute(fast, 2), new Compute(naive, 2)}) {
                float[] got = random(m * n);                                   // whatever c held is overwritten
                c.affine(a, 3, b, 2, bias, 5, got, 0, m, n, k);
                assertArrayEquals(expected, got, "affine " + m + "x" + n + "x" + k + " on " + c.kernels().name() + ", " + c.threads() + " threads");
            }
        }
    }
    @Test
    void tanhAndItsBackwardAreTheSameBitsOnAnyThreadCount() {
        for (int n : new int[] {5, 70_001, 300_000}) {                     // below and above the parallel threshold, odd splits
            float[] x = random(n + 3), dy = random(n + 1);
            float[] y1 = new float[n + 2], y2 = new float[n + 2], d1 = new float[n], d2 = new float[n];
            new Compute(fast, 1).tanh(x, 3, y1, 2, n);
            new Compute(fast, 2).tanh(x, 3, y2, 2, n);
            assertArrayEquals(y1, y2, "tanh " + n);
            fast.tanh(x, 3, y2, 2, n);
            assertArrayEquals(y1, y2, "tanh " + n + " against the kernel in one call");
            new Compute(fast, 1).tanhBackward(y1, 2, dy, 1, d1, 0, n);
            new Compute(fast, 2).tanhBackward(y1, 2, dy, 1, d2, 0, n);
            assertArrayEquals(d1, d2, "tanh' " + n);
        }
    }

    @Test
    void transposeAndColumnSumsEqualTheDefinitionOnAnyThreadCount() {
        Compute two = new Compute(fast, 2), one = new Compute(fast, 1), reference = new Compute(naive, 1);
        for (int[] s : new int[][] {{1, 1}, {3, 70}, {33, 17}, {300, 257}, {1280, 96}, {700, 400}}) {
            int rows = s[0], cols = s[1];
            float[] x = random(rows * cols + 3);
            float[] t = new float[rows * cols + 1];
            two.transpose(x, 3, rows, cols, t, 1);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) assertTrue(t[1 + j * rows + i] == x[3 + i * cols + j], "transpose " + i + "," + j);
            }
            float[] start = random(cols + 2), byRows = start.clone();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) byRows[2 + j] += x[3 + r * cols + j];
            }
            for (Compute c : new Compute[] {reference, one, two}) {
                float[] sums = start.clone();
                c.addColumnSums(x, 3, rows, cols, sums, 2);
                assertArrayEquals(byRows, sums, c.kernels().name() + " on " + c.threads() + " threads, " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void activationsMatchTheReference() {
        for (int n : new int[] {1, 7, 16, 19, 64, 100}) {
            float[] x = random(n + 1);
            for (int i = 0; i < x.length; i++) x[i] *= 4;
            float[] y1 = new float[n + 2], y2 = new float[n + 2];
            naive.tanh(x, 1, y1, 2, n); fast.tanh(x, 1, y2, 2, n);
            Check.close("tanh", y1, y2, 1e-6);
            naive.sigmoid(x, 1, y1, 2, n); fast.sigmoid(x, 1, y2, 2, n);
            Check.close("sigmoid", y1, y2, 1e-6);
            naive.relu(x, 1, y1, 2, n); fast.relu(x, 1, y2, 2, n);
            assertArrayEquals(y1, y2, "relu");
            float[] dy = random(n), d1 = new float[n], d2 = new float[n];
            naive.tanhBackward(y1, 2, dy, 0, d1, 0, n); fast.tanhBackward(y1, 2, dy, 0, d2, 0, n);
            Check.close("tanh'", d1, d2, 1e-6);
            naive.sigmoidBackward(y1, 2, dy, 0, d1, 0, n); fast.sigmoidBackward(y1, 2, dy, 0, d2, 0, n);
            Check.close("sigmoid'", d1, d2, 1e-6);
            naive.reluBackward(y1, 2, dy, 0, d1, 0, n); fast.reluBackward(y1, 2, dy, 0, d2, 0, n);
            assertArrayEquals(d1, d2, "relu'");
        }
    }

    @Test
    void activationsAtTheEdgesOfTheirRange() {
        // past the clamps (±7.9 for tanh, e^x over [-87.3, 88]), infinities, signed zeros and NaN, in full vectors and tails
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 7.9f, 8f, -8f, 30f, -30f, 90f, -90f,
                Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -1e-30f, Float.NaN, 100f, -100f};
        float[] t = new float[x.length], s = new float[x.length];
        fast.tanh(x, 0, t, 0, x.length);
        fast.sigmoid(x, 0, s, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            String at = "at x = " + x[i];
            if (Float.isNaN(x[i])) {
                assertTrue(Float.isNaN(t[i]) && Float.isNaN(s[i]), "NaN passes through tanh and sigmoid");
                continue;
            }
            assertEquals(Math.tanh(x[i]), t[i], 1e-6, "tanh " + at);
            assertEquals(1 / (1 + Math.exp(-x[i])), s[i], 1e-6, "sigmoid " + at);
            assertTrue(Math.abs(t[i]) <= 1f && s[i] >= 0f && s[i] <= 1f, "in range " + at);
        }
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(t[4]), "tanh(-0) = -0");
    }

    /** The fused gate passes give the bits of the separate passes they replace, on each kernel, tails included. */
    @Test
    void fusedGatePassesEqualTheSeparatePasses() {
        for (Kernels k : new Kernels[] {naive, fast}) {
            for (int n : new int[] {1, 7, 16, 19, 64, 100, 128}) {
                String where = k.name() + " n=" + n;
                float[] xp = scaled(random(4 * n + 3), 3), hp = scaled(random(4 * n + 1), 3);

                float[] expected = new float[4 * n], got = new float[4 * n];            // σ(x + y), tanh(x + y)
                for (int i = 0; i < 4 * n; i++) expected[i] = xp[3 + i] + hp[1 + i];
                k.sigmoid(expected, 0, expected, 0, 2 * n);
                k.tanh(expected, 2 * n, expected, 2 * n, 2 * n);
                k.sigmoidOfSum(xp, 3, hp, 1, got, 0, 2 * n);
                k.tanhOfSum(xp, 3 + 2 * n, hp, 1 + 2 * n, got, 2 * n, 2 * n);
                assertArrayEquals(expected, got, where + ": sigmoidOfSum, tanhOfSum");
            }
        }
    }

    private static float[] scaled(float[] x, float by) {
        for (int i = 0; i < x.length; i++) x[i] *= by;
        return x;
    }

    @Test
    void softmaxMatchesTheReference() {
        for (int cols : new int[] {1, 5, 16, 96, 1000}) {
            int rows = 3;
            float[] x = random(rows * cols);
            for (int i = 0; i < x.length; i++) x[i] *= 10;
            float[] y1 = new float[x.length], y2 = new float[x.length], l1 = new float[rows], l2 = new float[rows];
            naive.softmax(x, 0, y1, 0, l1, rows, cols);
            fast.softmax(x, 0, y2, 0, l2, rows, cols);
            Check.close("softmax", y1, y2, 1e-5);
            Check.close("logsumexp", l1, l2, 1e-6);
            for (int at : new int[] {0, cols - 1}) {                    // a NaN logit, in a full vector or in the tail
                float[] bad = x.clone(), y = new float[x.length], l = new float[rows];
                bad[cols + at] = Float.NaN;
                fast.softmax(bad, 0, y, 0, l, rows, cols);
                for (int j = 0; j < cols; j++) assertTrue(Float.isNaN(y[cols + j]), "a NaN logit makes its whole row NaN, cols " + cols);
                assertTrue(Float.isNaN(l[1]) && !Float.isNaN(l[0]) && !Float.isNaN(l[2]), "and only its row's log-sum-exp, cols " + cols);
            }
        }
    }

    @Test
    void tailsDoNotDependOnPosition() {
        float[] x = random(40), whole = new float[40], piece = new float[40];
        fast.tanh(x, 0, whole, 0, 40);
        for (int i = 0; i < 40; i += 10) fast.tanh(x, i, piece, i, 10);
        assertArrayEquals(whole, piece);
    }
}
