package org.rnn4j.vision;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Init;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * A 2-d convolution of images [B, H, W, C] (channels last), stride 1, zero padding p = k/2 on every side so the
 * output keeps H × W (k odd):
 * {@code y[b, i, j, o] = bias[o] + Σ_{c, u, v} weight[o, c, u, v] · x[b, i + u - p, j + v - p, c]}.
 * {@code weight} [out, in, k, k] and {@code bias} [out] have PyTorch's {@code nn.Conv2d(in, out, k, padding=k//2)}
 * layout, names and initialisation, U(-1/√(in·k²), 1/√(in·k²)).
 *
 * <p>Computed as one GEMM over patches (im2col): each output position's patch is a row of k·k·in values, gathered
 * as k·k contiguous copies of its pixels' channels, in (u, v, c) order; the weight is permuted to match once per
 * call. The backward pass is the same GEMM transposed, and the patches' gradients are added back to their pixels.
 */
public final class Conv2d {
    private final int in, out, k;
    private final Compute compute;
    private final Param weight, bias;
    private float[] permuted = new float[0], permutedT = new float[0], patches = new float[0];
    private int[] shape;

    public Conv2d(int in, int out, int k, Compute compute, RandomGenerator rng) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Conv2d channels must be positive, got in=" + in + " out=" + out);
        if (k < 1 || k % 2 == 0) throw new IllegalArgumentException("Conv2d kernel size must be odd (same padding), got " + k);
        this.in = in;
        this.out = out;
        this.k = k;
        this.compute = compute;
        float bound = (float) (1.0 / Math.sqrt(in * k * k));
        this.weight = new Param("weight", Init.uniform(rng, bound, out, in, k, k));
        this.bias = new Param("bias", Init.uniform(rng, bound, out));
    }

    public List<Param> params() { return List.of(weight, bias); }

    /** The parameters of a Conv2d with these sizes. */
    public static long parameters(int in, int out, int k) {
        return (long) out * in * k * k + out;
    }

    /**
     * @param x [B, H, W, in]
     * @return [B, H, W, out]
     */
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(3) != in) throw new IllegalArgumentException("Conv2d expects [B, H, W, " + in + "], got " + x);
        shape = x.shape();
        int rows = shape[0] * shape[1] * shape[2], width = k * k * in;
        permute();
        gather(x.data());
        Tensor y = Tensor.zeros(shape[0], shape[1], shape[2], out);
        compute.affine(patches, 0, permutedT, 0, bias.value().data(), 0, y.data(), 0, rows, out, width);
        return y;
    }

    /** @param dy ∂L/∂y [B, H, W, out]; adds the parameter gradients and returns ∂L/∂x [B, H, W, in] */
    public Tensor backward(Tensor dy) {
        int rows = shape[0] * shape[1] * shape[2], width = k * k * in;
        if (dy.size() != rows * out) throw new IllegalArgumentException("Conv2d backward expects " + rows + "x" + out + " gradients, got " + dy);
        float[] dPermuted = new float[out * width];
        compute.matmulTransAAdd(dy.data(), 0, patches, 0, dPermuted, 0, out, width, rows);
        float[] g = weight.grad().data();
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < in; c++) {
                for (int uv = 0; uv < k * k; uv++) g[(o * in + c) * k * k + uv] += dPermuted[o * width + uv * in + c];
            }
        }
        compute.addColumnSums(dy.data(), 0, rows, out, bias.grad().data(), 0);
        float[] dPatches = new float[rows * width];
        compute.matmul(dy.data(), 0, permuted, 0, dPatches, 0, rows, width, out);
        return scatter(dPatches);
    }

    /** permuted [out, (u, v, c)] from weight [out, c, u, v], and its transpose. */
    private void permute() {
        int width = k * k * in;
        if (permuted.length != out * width) {
            permuted = new float[out * width];
            permutedT = new float[out * width];
        }
        float[] w = weight.value().data();
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < in; c++) {
                for (int uv = 0; uv < k * k; uv++) permuted[o * width + uv * in + c] = w[(o * in + c) * k * k + uv];
            }
        }
        compute.transpose(permuted, 0, out, width, permutedT, 0);
    }

    /** patches [B·H·W, k·k·in]: row (b, i, j) holds the pixels around (i, j), zero outside the image. */
    private void gather(float[] x) {
        int batch = shape[0], h = shape[1], w = shape[2], p = k / 2, width = k * k * in;
        int size = batch * h * w * width;
        if (patches.length != size) patches = new float[size];
        else java.util.Arrays.fill(patches, 0f);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int row = ((b * h + i) * w + j) * width;
                    for (int u = 0; u < k; u++) {
                        int y = i + u - p;
                        if (y < 0 || y >= h) continue;
                        for (int v = 0; v < k; v++) {
                            int xx = j + v - p;
                            if (xx >= 0 && xx < w) System.arraycopy(x, ((b * h + y) * w + xx) * in, patches, row + (u * k + v) * in, in);
                        }
                    }
                }
            }
        }
    }

    /** ∂L/∂x: every patch entry's gradient added back to the pixel it was copied from. */
    private Tensor scatter(float[] dPatches) {
        int batch = shape[0], h = shape[1], w = shape[2], p = k / 2, width = k * k * in;
        Tensor dx = Tensor.zeros(shape);
        float[] d = dx.data();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int row = ((b * h + i) * w + j) * width;
                    for (int u = 0; u < k; u++) {
                        int y = i + u - p;
                        if (y < 0 || y >= h) continue;
                        for (int v = 0; v < k; v++) {
                            int xx = j + v - p;
                            if (xx < 0 || xx >= w) continue;
                            int to = ((b * h + y) * w + xx) * in, from = row + (u * k + v) * in;
                            for (int c = 0; c < in; c++) d[to + c] += dPatches[from + c];
                        }
                    }
                }
            }
        }
        return dx;
    }
}
