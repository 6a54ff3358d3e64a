package org.rnn4j.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * A small convolutional image encoder: blocks of {@link Conv2d} (k × k, same padding) → ReLU → {@link MaxPool2d}
 * (2 × 2), one per entry of {@code filters}, then the last feature map flattened in (row, column, channel) order,
 * so the features keep where things are in the image, and normalised per image to mean 0 and variance 1 (PyTorch's
 * {@code F.layer_norm(v, v.shape[1:])}, no learnt scale, ε = 1e-5). The normalisation keeps what all images share
 * (ReLU features are all positive) out of the next layer's input: without it, an optimizer writes the shared part
 * into every weight of a wide layer at once, and a tanh after it saturates. Images are [B, H·W·C], channels last. Parameters {@code conv1.weight}, {@code conv1.bias}, {@code conv2.weight}, ...: PyTorch's names and
 * layout for a module with attributes conv1, conv2, ...
 */
public final class ConvEncoder {

    /**
     * The image size the encoder reads and its blocks.
     *
     * @param height H and @param width W of every image, each ≥ 2^blocks; @param channels C (3 for RGB)
     * @param kernel the convolutions' size k (odd); @param filters the output channels of each block
     */
    public record Config(int height, int width, int channels, int kernel, List<Integer> filters) {
        public Config {
            filters = List.copyOf(filters);
            if (filters.isEmpty() || filters.stream().anyMatch(f -> f < 1)) throw new IllegalArgumentException("filters must be one or more positive channel counts, got " + filters);
            if (channels < 1 || kernel < 1 || kernel % 2 == 0) throw new IllegalArgumentException("channels must be ≥ 1 and the kernel size odd, got " + channels + " and " + kernel);
            int min = 1 << Math.min(filters.size(), 30);
            if (height < min || width < min) throw new IllegalArgumentException("a " + height + "×" + width + " image is too small for " + filters.size() + " pooling blocks (at least " + min + "×" + min + ")");
        }

        /** The pixels of one image, H·W·C. */
        public int pixels() {
            return height * width * channels;
        }

        /** Rows of the last feature map: H / 2^n for n pooling blocks. */
        public int mapHeight() {
            return height >> filters.size();
        }

        /** Columns of the last feature map: W / 2^n. */
        public int mapWidth() {
            return width >> filters.size();
        }

        /** The encoder's output width: (H / 2^n)·(W / 2^n)·filters_n. */
        public int features() {
            return mapHeight() * mapWidth() * filters.get(filters.size() - 1);
        }

        /** How many parameters the blocks hold. */
        public long parameters() {
            long total = 0;
            int in = channels;
            for (int f : filters) {
                total = Math.addExact(total, Conv2d.parameters(in, f, kernel));
                in = f;
            }
            return total;
        }
    }

    private final Config config;
    private final Compute compute;
    private final List<Conv2d> convs = new ArrayList<>();
    private final List<MaxPool2d> pools = new ArrayList<>();
    private final List<Tensor> activations = new ArrayList<>();
    private Tensor normalised;
    private float[] inverseStd = new float[0];

    public ConvEncoder(Config config, Compute compute, RandomGenerator rng) {
        this.config = config;
        this.compute = compute;
        int in = config.channels();
        for (int f : config.filters()) {
            convs.add(new Conv2d(in, f, config.kernel(), compute, rng));
            pools.add(new MaxPool2d());
            in = f;
        }
    }

    public Config config() { return config; }

    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            String prefix = "conv" + (i + 1) + ".";
            convs.get(i).params().forEach(p -> ps.add(p.withPrefix(prefix)));
        }
        return ps;
    }

    /**
     * @param images [B, H·W·C] pixels, each image in (row, column, channel) order
     * @return features [B, {@link Config#features()}]
     */
    public Tensor forward(Tensor images) {
        int batch = images.dim(0);
        if (images.rank() != 2 || images.dim(1) != config.pixels()) {
            throw new IllegalArgumentException("ConvEncoder expects [B, " + config.pixels() + "] pixels (" + config.height() + "×" + config.width() + "×" + config.channels() + "), got " + images);
        }
        activations.clear();
        Tensor x = images.reshape(batch, config.height(), config.width(), config.channels());
        for (int i = 0; i < convs.size(); i++) {
            Tensor y = convs.get(i).forward(x);
            compute.kernels().relu(y.data(), 0, y.data(), 0, y.size());
            activations.add(y);
            x = pools.get(i).forward(y);
        }
        return normalise(x.reshape(batch, config.features()));
    }

    private static final float EPS = 1e-5f;

    /** y = (v - mean(v)) / √(var(v) + ε) per row of v [B, F]. */
    private Tensor normalise(Tensor v) {
        int batch = v.dim(0), f = v.dim(1);
        Tensor y = Tensor.zeros(batch, f);
        if (inverseStd.length != batch) inverseStd = new float[batch];
        float[] a = v.data(), out = y.data();
        for (int b = 0; b < batch; b++) {
            double sum = 0, squares = 0;
            for (int j = 0; j < f; j++) sum += a[b * f + j];
            double mean = sum / f;
            for (int j = 0; j < f; j++) squares += (a[b * f + j] - mean) * (a[b * f + j] - mean);
            float inv = (float) (1 / Math.sqrt(squares / f + EPS));
            inverseStd[b] = inv;
            for (int j = 0; j < f; j++) out[b * f + j] = (float) (a[b * f + j] - mean) * inv;
        }
        normalised = y;
        return y;
    }

    /** ∂L/∂v = (dy - mean(dy) - y · mean(dy · y)) / σ per row. */
    private Tensor normaliseBackward(Tensor dy) {
        int batch = dy.dim(0), f = dy.dim(1);
        Tensor dv = Tensor.zeros(batch, f);
        float[] g = dy.data(), y = normalised.data(), out = dv.data();
        for (int b = 0; b < batch; b++) {
            double mean = 0, dot = 0;
            for (int j = 0; j < f; j++) {
                mean += g[b * f + j];
                dot += (double) g[b * f + j] * y[b * f + j];
            }
            mean /= f;
            dot /= f;
            for (int j = 0; j < f; j++) out[b * f + j] = (float) ((g[b * f + j] - mean - y[b * f + j] * dot) * inverseStd[b]);
        }
        return dv;
    }

    /** @param dFeatures ∂L/∂features [B, F]; adds the parameter gradients and returns ∂L/∂images [B, H·W·C] */
    public Tensor backward(Tensor dFeatures) {
        Tensor d = normaliseBackward(dFeatures);
        for (int i = convs.size() - 1; i >= 0; i--) {
            Tensor dy = pools.get(i).backward(d);
            Tensor y = activations.get(i);
            compute.kernels().reluBackward(y.data(), 0, dy.data(), 0, dy.data(), 0, dy.size());
            d = convs.get(i).backward(dy);
        }
        return d.reshape(dFeatures.dim(0), config.pixels());
    }
}
