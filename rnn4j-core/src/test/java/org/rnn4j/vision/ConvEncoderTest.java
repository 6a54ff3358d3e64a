package org.rnn4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.testing.Golden;
import org.rnn4j.nn.GradientCheckTest;

/**
 * The image encoder against PyTorch (tools/make_golden.py: Conv2d(k, padding=k//2) → ReLU → MaxPool2d(2) per
 * block, flattened channels last), and finite-difference checks of Conv2d, MaxPool2d and the whole encoder.
 */
class ConvEncoderTest {
    private static final double REL = 1e-5;
    private static final Compute COMPUTE = Compute.auto();

    @ParameterizedTest
    @ValueSource(strings = {"conv_encoder_k3", "conv_encoder_k5"})
    void matchesPytorch(String name) {
        Golden g = Golden.load(name);
        List<Integer> filters = new ArrayList<>();
        g.node("filters").forEach(n -> filters.add(n.asInt()));
        int b = g.integer("B");
        var config = new ConvEncoder.Config(g.integer("H"), g.integer("W"), g.integer("C"), g.integer("kernel"), filters);
        ConvEncoder encoder = new ConvEncoder(config, COMPUTE, new SplittableRandom(1));
        assertEquals(g.node("params").size(), encoder.params().size(), "parameter count");
        for (Param p : encoder.params()) {
            float[] v = Golden.floats(g.node("params").get(p.name()));
            assertEquals(p.value().size(), v.length, p.name());
            System.arraycopy(v, 0, p.value().data(), 0, v.length);
        }
        Tensor features = encoder.forward(new Tensor(g.floats("x"), b, config.pixels()));
        assertArrayEquals(new int[] {b, config.features()}, features.shape());
        Check.close(name + " features", g.floats("features"), features.data(), REL);

        Tensor dx = encoder.backward(new Tensor(g.floats("r"), b, config.features()));
        for (Param p : encoder.params()) Check.close(name + " grad " + p.name(), Golden.floats(g.node("grads").get(p.name())), p.grad().data(), REL);
        Check.close(name + " dx", g.floats("dx"), dx.data(), REL);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5})
    void conv2dGradients(int k) {
        SplittableRandom data = new SplittableRandom(k);
        Conv2d conv = new Conv2d(3, 4, k, COMPUTE, new SplittableRandom(2));
        Tensor x = GradientCheckTest.random(data, 2, 5, 4, 3);
        float[] r = GradientCheckTest.random(data, 2, 5, 4, 4).data();
        DoubleSupplier loss = () -> GradientCheckTest.dot(conv.forward(x).data(), r);
        loss.getAsDouble();
        Tensor dx = conv.backward(new Tensor(r, 2, 5, 4, 4));
        for (Param p : conv.params()) assertEquals(0, Check.gradient(p.name(), p.value(), p.grad().data(), loss), "a convolution is linear");
        assertEquals(0, Check.gradient("dx", x, dx.data(), loss));
    }

    @Test
    void maxPoolGradientsGoToTheMaximumAndOddEdgesAreDropped() {
        SplittableRandom data = new SplittableRandom(4);
        MaxPool2d pool = new MaxPool2d();
        Tensor x = GradientCheckTest.random(data, 2, 5, 7, 3);
        float[] r = GradientCheckTest.random(data, 2, 2, 3, 3).data();
        DoubleSupplier loss = () -> GradientCheckTest.dot(pool.forward(x).data(), r);
        loss.getAsDouble();
        Tensor dx = pool.backward(new Tensor(r, 2, 2, 3, 3));
        Check.gradient("dx", x, dx.data(), loss);
        // row 4 and column 6 are beyond the last 2 × 2 window: no gradient reaches them
        for (int b = 0; b < 2; b++) for (int i = 0; i < 5; i++) for (int j = 0; j < 7; j++) for (int c = 0; c < 3; c++) {
            if (i == 4 || j == 6) assertEquals(0f, dx.get(b, i, j, c));
        }
    }

    @Test
    void encoderGradients() {
        SplittableRandom data = new SplittableRandom(6);
        var config = new ConvEncoder.Config(12, 8, 2, 3, List.of(3, 4));   // 48 features: the normalisation's curvature is small
        ConvEncoder encoder = new ConvEncoder(config, COMPUTE, new SplittableRandom(3));
        Tensor x = GradientCheckTest.random(data, 3, config.pixels());
        float[] r = GradientCheckTest.random(data, 3, config.features()).data();
        DoubleSupplier loss = () -> GradientCheckTest.dot(encoder.forward(x).data(), r);
        loss.getAsDouble();
        Tensor dx = encoder.backward(new Tensor(r, 3, config.features()));
        int kinks = 0, entries = x.size();
        for (Param p : encoder.params()) {
            kinks += Check.gradientPiecewise(p.name(), p.value(), p.grad().data(), loss);
            entries += p.value().size();
        }
        kinks += Check.gradientPiecewise("dx", x, dx.data(), loss);
        assertTrue(kinks < entries / 10, "too many relu and max kinks to judge: " + kinks + " of " + entries);
    }

    @Test
    void configsThatCannotWorkAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConvEncoder.Config(4, 4, 3, 3, List.of(8, 8, 8)));   // 4×4 pooled three times
        assertThrows(IllegalArgumentException.class, () -> new ConvEncoder.Config(8, 8, 3, 4, List.of(8)));         // even kernel
        assertThrows(IllegalArgumentException.class, () -> new ConvEncoder.Config(8, 8, 3, 3, List.of()));
        assertEquals(2 * 2 * 16, new ConvEncoder.Config(16, 17, 3, 3, List.of(8, 16, 16)).features());
    }
}
