package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleSupplier;
import org.rnn4j.tensor.Tensor;

/** Numeric assertions shared by the tests. */
public final class Check {
    private Check() {}

    /**
     * Every |actual - expected| ≤ rel · max(|expected|, floor), floor = 1e-2 · max|expected| of the tensor, so
     * entries that are tiny only because of cancellation are judged at the tensor's own scale.
     */
    public static void close(String what, float[] expected, float[] actual, double rel) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        double floor = Math.max(1e-2 * max, 1e-6);
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * Math.max(Math.abs(expected[i]), floor);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(what + "[" + i + "]: got " + actual[i] + ", expected " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }

    /**
     * Centred finite differences for every entry of {@code values}: (L(v+ε) - L(v-ε)) / 2ε against
     * {@code analytic}. The forward pass is float32, so an evaluation of L carries rounding of about
     * 1e-7·|L|; with ε = 1e-2 that is ~1e-5·|L| in the difference, and the truncation error ε²·L'''/6 is
     * ~1e-5 for these smooth, O(1) functions. We require |num - ana| ≤ 2e-3 + 1e-2·|ana|: an order of magnitude
     * above both errors, far below any real mistake (a wrong sign, a missing term, an off-by-one step).
     * Where L has a kink between v-ε and v+ε (relu), the one-sided slopes disagree by more than 0.1; such
     * entries are not comparable by differences and are counted instead.
     *
     * @return the number of entries skipped at a kink
     */
    /** One of the finite-difference checks, as a value. */
    @FunctionalInterface
    public interface Gradient {
        int of(String what, Tensor values, float[] analytic, DoubleSupplier loss);
    }

    public static int gradient(String what, Tensor values, float[] analytic, DoubleSupplier loss) {
        return gradient(what, values, analytic, loss, 1e-2f, 0.1);
    }

    /** {@link #gradient} over a plain array. */
    public static int gradient(String what, float[] values, float[] analytic, DoubleSupplier loss) {
        return gradient(what, new Tensor(values, values.length), analytic, loss);
    }

    /**
     * {@link #gradient} for functions built of many piecewise-linear parts (convolutions under ReLU and max
     * pooling): moving one weight moves many pre-activations, and a kink of one of them changes the slope by less
     * than 0.1 yet by more than the tolerance. With ε = 1e-3 fewer kinks fall inside ±ε, and between kinks such a
     * function is linear, so the one-sided slopes agree to rounding (~1e-4·|L|): any disagreement above 5e-3 is a
     * kink, counted, not compared.
     */
    public static int gradientPiecewise(String what, Tensor values, float[] analytic, DoubleSupplier loss) {
        return gradient(what, values, analytic, loss, 1e-3f, 5e-3);
    }

    private static int gradient(String what, Tensor tensor, float[] analytic, DoubleSupplier loss, float eps, double kink) {
        int kinks = 0;
        float[] values = tensor.data();
        double l0 = loss.getAsDouble();
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            values[i] = v + eps;
            tensor.changed();
            double lp = loss.getAsDouble();
            values[i] = v - eps;
            tensor.changed();
            double lm = loss.getAsDouble();
            values[i] = v;
            tensor.changed();
            double up = (lp - l0) / eps, down = (l0 - lm) / eps;
            if (Math.abs(up - down) > kink) {
                kinks++;
                continue;
            }
            double num = (lp - lm) / (2 * eps);
            if (!(Math.abs(num - analytic[i]) <= 2e-3 + 1e-2 * Math.abs(analytic[i]))) {
                fail(what + "[" + i + "]: analytic " + analytic[i] + ", finite difference " + num);
            }
        }
        return kinks;
    }
}
