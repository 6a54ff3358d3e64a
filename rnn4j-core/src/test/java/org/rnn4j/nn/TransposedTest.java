package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.optim.Adam;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * A cached transpose follows every announced change to its weight, however small, and is exact; a change that is
 * not announced is caught while assertions are on, as in every test.
 */
class TransposedTest {
    private static final int ROWS = 37, COLS = 19;

    @Test
    void followsEveryAnnouncedChangeOfTheWeight() {
        Tensor w = random(5);
        float[] v = w.data();
        Transposed t = new Transposed(ROWS, COLS);
        Compute compute = Compute.auto();
        assertTransposeOf(w, t.of(w, compute));
        assertTransposeOf(w, t.of(w, compute));
        v[ROWS * COLS - 1] = Math.nextUp(v[ROWS * COLS - 1]);              // the last value, by one ulp
        w.changed();
        assertTransposeOf(w, t.of(w, compute));
        v[3] = -0.0f;                                                       // the same number, another bit pattern
        w.changed();
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(t.of(w, compute)[3 * ROWS]));
        w.set(2.5f, 4, 7);
        assertTransposeOf(w, t.of(w, compute));
        Tensor other = random(6);                                           // another tensor at the same version
        assertTransposeOf(other, t.of(other, compute));
        assertThrows(IllegalArgumentException.class, () -> t.of(Tensor.zeros(5), compute));
    }

    @Test
    void followsAnOptimizerStep() {
        Param p = new Param("weight", random(7));
        Transposed t = new Transposed(ROWS, COLS);
        Compute compute = Compute.auto();
        t.of(p.value(), compute);
        p.grad().fill(0.25f);
        new Adam(List.of(p), 0.01).step();
        assertTransposeOf(p.value(), t.of(p.value(), compute));
    }

    @Test
    void aChangeThatIsNotAnnouncedIsCaught() {
        Tensor w = random(8);
        Transposed t = new Transposed(ROWS, COLS);
        t.of(w, Compute.auto());
        w.data()[10] += 1;
        AssertionError e = assertThrows(AssertionError.class, () -> t.of(w, Compute.auto()));
        assertEquals("a [37, 19] weight was changed without Tensor.changed()", e.getMessage());
    }

    private static Tensor random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor w = Tensor.zeros(ROWS, COLS);
        for (int i = 0; i < w.size(); i++) w.data()[i] = (float) r.nextGaussian();
        return w;
    }

    private static void assertTransposeOf(Tensor w, float[] wT) {
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) assertEquals(Float.floatToRawIntBits(w.data()[i * COLS + j]), Float.floatToRawIntBits(wT[j * ROWS + i]), "[" + i + ", " + j + "]");
        }
    }
}
