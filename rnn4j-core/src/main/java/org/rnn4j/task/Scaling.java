package org.rnn4j.task;

/**
 * Standardised numeric inputs, one rule for every file format: each feature becomes {@code (x - mean) / std} with
 * the mean and standard deviation of that feature over every step of the training data (as scikit-learn's
 * {@code StandardScaler}). The statistics are saved with the task in the model file, so {@code evaluate},
 * {@code predict} and {@code serve} scale new input exactly as training did. A task holds null instead when
 * scaling is off ({@code --no-standardize}).
 *
 * @param mean per feature [F]
 * @param std  per feature [F]; 1 for a feature that does not vary
 */
public record Scaling(float[] mean, float[] std) {

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

    /** @param y [F] scaled; @return y in the original units, a copy */
    float[] invert(float[] y) {
        float[] out = new float[y.length];
        for (int f = 0; f < y.length; f++) out[f] = y[f] * std[f] + mean[f];
        return out;
    }

    /** Running per-feature mean and deviation over the vectors added (Welford, in double). */
    static final class Fit implements java.io.Serializable {
        private double[] mean, m2;
        private long n;

        void add(float[] v) {
            if (mean == null) {
                mean = new double[v.length];
                m2 = new double[v.length];
            }
            n++;
            for (int f = 0; f < Math.min(v.length, mean.length); f++) {
                double d = v[f] - mean[f];
                mean[f] += d / n;
                m2[f] += d * (v[f] - mean[f]);
            }
        }

        /** Adds the values {@code other} saw (Chan, Golub and LeVeque's pairwise update of the mean and M2). */
        void merge(Fit other) {
            if (other.n == 0) return;
            if (n == 0) {
                mean = other.mean.clone();
                m2 = other.m2.clone();
                n = other.n;
                return;
            }
            long total = n + other.n;
            for (int f = 0; f < Math.min(mean.length, other.mean.length); f++) {
                double d = other.mean[f] - mean[f];
                mean[f] += d * other.n / total;
                m2[f] += other.m2[f] + d * d * ((double) n * other.n / total);
            }
            n = total;
        }

        Scaling result() {
            if (mean == null) throw new IllegalArgumentException("no values to standardise");
            float[] mu = new float[mean.length], sd = new float[mean.length];
            for (int f = 0; f < mean.length; f++) {
                mu[f] = (float) mean[f];
                double s = Math.sqrt(m2[f] / n);
                sd[f] = s > 1e-12 ? (float) s : 1f;
            }
            return new Scaling(mu, sd);
        }
    }
}
