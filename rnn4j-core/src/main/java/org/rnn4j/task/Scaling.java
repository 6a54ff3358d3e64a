package org.rnn4j.task;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Standardised numeric inputs, one rule for every file format: each feature becomes {@code (x - mean) / std} with
 * the mean and standard deviation of that feature over every step of the training data. The statistics are saved
 * with the task in the model file, so {@code evaluate}, {@code predict} and {@code serve} scale new input exactly as
 * training did. A task holds null instead when scaling is off ({@code --no-standardize}) or the file predates it.
 *
 * @param mean per feature [F]
 * @param std  per feature [F]; 1 for a feature that does not vary
 */
public record Scaling(float[] mean, float[] std) {

    /** The statistics of every step of every sequence, accumulated in double (Welford). */
    static Scaling fit(Stream<float[][]> sequences) {
        double[] mean = null, m2 = null;
        long n = 0;
        for (Iterator<float[][]> it = sequences.iterator(); it.hasNext(); ) {
            for (float[] step : it.next()) {
                if (mean == null) {
                    mean = new double[step.length];
                    m2 = new double[step.length];
                }
                n++;
                for (int f = 0; f < Math.min(step.length, mean.length); f++) {
                    double d = step[f] - mean[f];
                    mean[f] += d / n;
                    m2[f] += d * (step[f] - mean[f]);
                }
            }
        }
        if (mean == null) throw new IllegalArgumentException("no feature vectors to standardise");
        float[] mu = new float[mean.length], sd = new float[mean.length];
        for (int f = 0; f < mean.length; f++) {
            mu[f] = (float) mean[f];
            double s = n > 1 ? Math.sqrt(m2[f] / (n - 1)) : 0;
            sd[f] = s > 1e-12 ? (float) s : 1f;
        }
        return new Scaling(mu, sd);
    }

    /** @param x [T, F]; @return a scaled copy [T, F] */
    float[][] apply(float[][] x) {
        float[][] out = new float[x.length][];
        for (int t = 0; t < x.length; t++) out[t] = apply(x[t]);
        return out;
    }

    /** @param x [F]; @return a scaled copy [F] */
    float[] apply(float[] x) {
        float[] out = new float[x.length];
        for (int f = 0; f < x.length; f++) out[f] = (x[f] - mean[f]) / std[f];
        return out;
    }
}
