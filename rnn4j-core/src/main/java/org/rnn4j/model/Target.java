package org.rnn4j.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.rnn4j.nn.BinaryCrossEntropy;
import org.rnn4j.nn.Loss;
import org.rnn4j.nn.MeanSquaredError;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * What a many-to-one or one-to-one model predicts, which fixes its output width, its loss and how a raw output
 * row becomes a prediction. A target value is a {@code float[]}: {0} or {1} for {@link Binary}, {class id} for
 * {@link Classes}, the values for {@link Regression}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Target.Binary.class, name = "binary"), @JsonSubTypes.Type(value = Target.Classes.class, name = "classes"),
        @JsonSubTypes.Type(value = Target.Regression.class, name = "regression")})
public sealed interface Target {

    /** The width of the output layer. */
    int width();

    /** @param out [B, width] raw outputs; @param y B target values */
    Loss.Result loss(Tensor out, List<float[]> y, Compute compute);

    /** The prediction of one raw output row [width]: probabilities or values. */
    float[] predict(float[] row);

    /** Two classes, one logit, binary cross-entropy; predicts [p(class 1)]. */
    record Binary() implements Target {
        @Override public int width() { return 1; }

        @Override
        public Loss.Result loss(Tensor out, List<float[]> y, Compute compute) {
            float[] t = new float[y.size()];
            for (int i = 0; i < t.length; i++) {
                float v = single(y, i);
                if (v != 0f && v != 1f) throw new IllegalArgumentException("binary target " + i + " is " + v + ", expected 0 or 1");
                t[i] = v;
            }
            return new BinaryCrossEntropy().evaluate(out, t);
        }

        @Override
        public float[] predict(float[] row) {
            return new float[] {(float) (1 / (1 + Math.exp(-row[0])))};
        }
    }

    /** {@code count} classes, softmax cross-entropy; predicts the class probabilities. */
    record Classes(int count) implements Target {
        public Classes {
            if (count < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + count);
        }

        @Override public int width() { return count; }

        @Override
        public Loss.Result loss(Tensor out, List<float[]> y, Compute compute) {
            int[] t = new int[y.size()];
            for (int i = 0; i < t.length; i++) {
                float v = single(y, i);
                if (v != Math.rint(v) || v < 0 || v >= count) throw new IllegalArgumentException("class target " + i + " is " + v + ", expected a class id in [0, " + count + ")");
                t[i] = (int) v;
            }
            return new SoftmaxCrossEntropy(compute).evaluate(out, t);
        }

        @Override
        public float[] predict(float[] row) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float v : row) max = Math.max(max, v);
            float[] p = new float[row.length];
            for (int j = 0; j < row.length; j++) sum += p[j] = (float) Math.exp(row[j] - max);
            for (int j = 0; j < row.length; j++) p[j] /= (float) sum;
            return p;
        }
    }

    /** {@code outputs} real values, mean squared error; predicts the values. */
    record Regression(int outputs) implements Target {
        public Regression {
            if (outputs < 1) throw new IllegalArgumentException("regression needs at least 1 output, got " + outputs);
        }

        @Override public int width() { return outputs; }

        @Override
        public Loss.Result loss(Tensor out, List<float[]> y, Compute compute) {
            float[] t = new float[out.size()];
            for (int i = 0; i < y.size(); i++) {
                if (y.get(i).length != outputs) throw new IllegalArgumentException("regression target " + i + " has " + y.get(i).length + " values, expected " + outputs);
                System.arraycopy(y.get(i), 0, t, i * outputs, outputs);
            }
            return new MeanSquaredError().evaluate(out, t);
        }

        @Override
        public float[] predict(float[] row) { return row.clone(); }
    }

    private static float single(List<float[]> y, int i) {
        if (y.get(i).length != 1) throw new IllegalArgumentException("target " + i + " has " + y.get(i).length + " values, expected 1");
        return y.get(i)[0];
    }
}
