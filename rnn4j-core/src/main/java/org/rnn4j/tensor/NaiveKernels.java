package org.rnn4j.tensor;

/**
 * Plain-Java kernels: the reference every fast kernel is tested against, and the fallback where the JDK
 * Vector API is not available. Simple loops in the textbook order; products are fused ({@link Math#fma})
 * and summed over k in increasing order, the same per-element order as the vector kernels.
 */
public final class NaiveKernels implements Kernels {

    @Override
    public String name() { return "plain-java"; }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0f);
        matmulAdd(a, aOff, b, bOff, c, cOff, m, n, k);
    }

    @Override
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
            }
        }
    }

    @Override
    public void matmulTransAAdd(float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                float api = a[aOff + p * lda + i];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(api, b[bp + j], c[ci + j]);
            }
        }
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }

    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    @Override
    public void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - v * v);
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1f - v));
        }
    }

    @Override
    public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    @Override
    public void softmax(float[] x, int xOff, float[] y, int yOff, float[] logSumExp, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols, yr = yOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[xr + j]);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[xr + j] - max);
                y[yr + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) y[yr + j] *= inv;
            logSumExp[r] = max + (float) Math.log(sum);
        }
    }
}
