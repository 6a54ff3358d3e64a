package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;

/** A cached transpose follows every change to its weight, however small, and is exact. */
class TransposedTest {
    @Test
    void followsEveryChangeOfTheWeight() {
        int rows = 37, cols = 19;
        float[] w = new float[rows * cols];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        Transposed t = new Transposed(rows, cols);
        Compute compute = Compute.auto();
        assertTransposeOf(w, t.of(w, compute), rows, cols);
        assertTransposeOf(w, t.of(w, compute), rows, cols);
        w[rows * cols - 1] = Math.nextUp(w[rows * cols - 1]);              // the last value, by one ulp
        assertTransposeOf(w, t.of(w, compute), rows, cols);
        w[0] = -0.0f;
        w[0] = 0.0f;
        assertTransposeOf(w, t.of(w, compute), rows, cols);
        w[3] = -0.0f;                                                       // the same number, another bit pattern
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(t.of(w, compute)[3 * rows]));
        assertThrows(IllegalArgumentException.class, () -> t.of(new float[5], compute));
    }

    private static void assertTransposeOf(float[] w, float[] wT, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) assertEquals(Float.floatToRawIntBits(w[i * cols + j]), Float.floatToRawIntBits(wT[j * rows + i]), "[" + i + ", " + j + "]");
        }
    }
}
