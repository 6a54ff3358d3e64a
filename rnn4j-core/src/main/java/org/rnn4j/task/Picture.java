package org.rnn4j.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.data.DataException;
import org.rnn4j.data.Images;
import org.rnn4j.vision.ConvEncoder;

/**
 * What the caption task reads as its one input vector: numbers given in the file ({@code {"x": [...]}}), or the
 * pixels of an image file named in the file, which the model's convolutional encoder reads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Picture.Vector.class, name = "vector"), @JsonSubTypes.Type(value = Picture.Image.class, name = "image")})
public sealed interface Picture {

    /** The input's vector [F]; @param file and @param line where it is named, for errors. */
    float[] vector(Input x, Path file, long line);

    /** F, the vector's length. */
    int size();

    /** The model's image encoder for these inputs, or null when the vector is the features. */
    ConvEncoder.Config encoder(ModelOptions o);

    /** Features given as numbers, scaled as the training data's. */
    record Vector(Encoder.Features features) implements Picture {
        @Override
        public float[] vector(Input x, Path file, long line) {
            if (x instanceof Input.Vectors v) {
                throw new DataException(file, line, "\"x\" must be one feature vector (an array of numbers), found an array of " + v.steps().length + " arrays");
            }
            return features.steps(x, file, line)[0];
        }

        @Override public int size() { return features.features(); }

        @Override public ConvEncoder.Config encoder(ModelOptions o) { return null; }
    }

    /**
     * An image file, resized to height × width RGB ({@link Images}), each channel standardised with the training
     * images' mean and deviation ({@code mean}, {@code std} [3]), as torchvision's {@code Normalize}: a plain
     * background becomes about 0, so what the encoder sees is what differs from it. A path in a data file is
     * relative to that file's folder; a path given on the command line, to the working directory.
     */
    record Image(int height, int width, float[] mean, float[] std) implements Picture {
        public Image {
            if (height < 2 || width < 2 || (long) height * width > 4096 * 4096) throw new IllegalArgumentException("the image size must be between 2 and 4096 pixels a side, got " + height + "×" + width);
            if (mean.length != Images.CHANNELS || std.length != Images.CHANNELS) throw new IllegalArgumentException("an image needs a mean and a deviation per channel");
            for (int c = 0; c < Images.CHANNELS; c++) {
                if (!Float.isFinite(mean[c]) || !(std[c] > 0) || !Float.isFinite(std[c])) throw new IllegalArgumentException("channel " + c + " has mean " + mean[c] + " and deviation " + std[c]);
            }
        }

        @Override
        public float[] vector(Input x, Path file, long line) {
            float[] v = pixels(x, height, width, file, line);
            for (int i = 0; i < v.length; i++) v[i] = (v[i] - mean[i % Images.CHANNELS]) / std[i % Images.CHANNELS];
            return v;
        }

        /** The image a record names, resized, in [0, 1]. */
        static float[] pixels(Input x, int height, int width, Path file, long line) {
            if (!(x instanceof Input.Text t) || t.text().isBlank()) throw new DataException(file, line, "expected the path of an image file");
            Path image;
            try {
                image = Path.of(t.text().strip());
            } catch (RuntimeException e) {
                throw new DataException(file, line, "expected the path of an image file, found \"" + t.text() + "\"");
            }
            Path folder = Files.isRegularFile(file) ? file.toAbsolutePath().getParent() : null;
            return Images.read(folder == null ? image : folder.resolve(image), height, width, file, line);
        }

        @Override public int size() { return height * width * Images.CHANNELS; }

        @Override
        public ConvEncoder.Config encoder(ModelOptions o) {
            return new ConvEncoder.Config(height, width, Images.CHANNELS, o.kernel(), o.filters());
        }

        /** Learns the channels' mean and deviation from the training images, one record at a time. */
        static final class Fit {
            private final int height, width;
            private final double[] sum = new double[Images.CHANNELS], squares = new double[Images.CHANNELS];
            private long pixels;

            Fit(int size) {
                this.height = size;
                this.width = size;
            }

            void add(Record r) {
                float[] v = pixels(r.input(), height, width, r.file(), r.line());
                for (int i = 0; i < v.length; i++) {
                    sum[i % Images.CHANNELS] += v[i];
                    squares[i % Images.CHANNELS] += (double) v[i] * v[i];
                }
                pixels += v.length / Images.CHANNELS;
            }

            Image result() {
                float[] mean = new float[Images.CHANNELS], std = new float[Images.CHANNELS];
                for (int c = 0; c < Images.CHANNELS; c++) {
                    double m = sum[c] / Math.max(1, pixels);
                    mean[c] = (float) m;
                    std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, squares[c] / Math.max(1, pixels) - m * m)));
                }
                return new Image(height, width, mean, std);
            }
        }
    }
}
