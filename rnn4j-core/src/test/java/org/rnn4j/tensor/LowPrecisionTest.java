package org.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Weights in bf16 and int8: rounding within half a step of the format, bf16 ties to even; the Vector API kernel
 * gives the plain kernel's bits for every shape (tails, batches of one to many), and both equal the float32
 * product with the dequantized weight to rounding.
 */
class LowPrecisionTest {
    static final Kernels PLAIN = new NaiveKernels(), VECTOR = Compute.bestKernels();

    static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    @Test
    void int8RoundsEachRowWithinHalfItsStep() {
        SplittableRandom r = new SplittableRandom(3);
        int rows = 9, cols = 33;
        float[] w = random(r, rows * cols, 0.3);
        java.util.Arrays.fill(w, 2 * cols, 3 * cols, 0f);                        // a row of zeros: scale 0, values 0
        LowPrecision.Int8 q = (LowPrecision.Int8) LowPrecision.of(Precision.INT8, w, rows, cols);
        float[] d = q.dequantize();
        for (int i = 0; i < rows; i++) {
            float max = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, Math.abs(w[i * cols + j]));
            assertEquals(max / 127f, q.scale()[i], 0f);
            for (int j = 0; j < cols; j++) assertTrue(Math.abs(d[i * cols + j] - w[i * cols + j]) <= q.scale()[i] / 2 * 1.0001f, "row " + i);
        }
        for (int j = 0; j < cols; j++) assertEquals(0f, d[2 * cols + j]);
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, LowPrecision.Bf16.round(1f));
        assertEquals((short) 0x3F80, LowPrecision.Bf16.round(Float.intBitsToFloat(0x3F808000)), "a tie goes to the even 0x3F80");
        assertEquals((short) 0x3F82, LowPrecision.Bf16.round(Float.intBitsToFloat(0x3F818000)), "a tie goes to the even 0x3F82");
        assertEquals((short) 0x3F81, LowPrecision.Bf16.round(Float.intBitsToFloat(0x3F808001)));
        SplittableRandom r = new SplittableRandom(4);
        float[] w = random(r, 1000, 3);
        float[] d = LowPrecision.of(Precision.BF16, w, 10, 100).dequantize();
        for (int i = 0; i < w.length; i++) assertTrue(Math.abs(d[i] - w[i]) <= Math.abs(w[i]) / 256, w[i] + " -> " + d[i]);
    }

    @Test
    void vectorKernelGivesThePlainKernelsBitsAndTheFloat32Product() {
        SplittableRandom r = new SplittableRandom(5);
        for (Precision p : new Precision[] {Precision.BF16, Precision.INT8}) {
            for (int m : new int[] {1, 2, 3, 4, 5, 7, 24}) {
                for (int n : new int[] {1, 15, 16, 17, 64, 100, 512}) {
                    for (int k : new int[] {1, 3, 32, 128}) {
                        LowPrecision w = LowPrecision.of(p, random(r, n * k, 0.2), n, k);   // [out = n, in = k]
                        LowPrecision.Columns b = w.columns();
                        float[] a = random(r, m * k, 1), c0 = random(r, m * n, 1);
                        float[] plain = c0.clone(), vector = c0.clone(), exact = c0.clone();
                        PLAIN.matmulAdd(a, 0, b, plain, 0, m);
                        VECTOR.matmulAdd(a, 0, b, vector, 0, m);
                        String at = p + " m=" + m + " n=" + n + " k=" + k;
                        assertArrayEquals(plain, vector, at);
                        float[] wT = new float[k * n], d = w.dequantize();
                        for (int j = 0; j < n; j++) for (int q = 0; q < k; q++) wT[q * n + j] = d[j * k + q];
                        PLAIN.matmulAdd(a, 0, wT, 0, exact, 0, m, n, k);
                        for (int i = 0; i < exact.length; i++) assertEquals(exact[i], vector[i], 1e-5 * Math.max(1, Math.abs(exact[i])) + 1e-5, at);
                    }
                }
            }
        }
    }

    @Test
    void aStoredTensorKeepsItsFormUntilChanged() {
        Tensor t = new Tensor(random(new SplittableRandom(6), 12, 1), 3, 4);
        t.store(Precision.BF16);
        assertEquals(Precision.BF16, t.stored().precision());
        assertArrayEquals(t.stored().dequantize(), t.data());
        t.set(1f, 0, 0);
        assertEquals(null, t.stored());
    }
}
