package org.rnn4j.nn;

import java.util.Arrays;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;

/**
 * The transpose [cols, rows] of a weight [rows, cols] (PyTorch's layout) as the GEMM kernels read it, redone only
 * when the weight changed since it was last made. A copy of the weight it was made from is compared with the
 * weight (a vectorised mismatch, many times cheaper than the transpose), so a change by any path (an optimizer
 * step, a restored checkpoint, a copy into the array) is seen, and inference or generation one step at a time
 * transposes once. Not shared between threads, as the layer that holds it.
 */
public final class Transposed {
    private final int rows, cols;
    private final float[] source, transposed;
    private float[] packed;                  // the transpose as Kernels.pack lays it out (reused), or null
    private boolean made, packedMade;

    public Transposed(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.source = new float[rows * cols];
        this.transposed = new float[rows * cols];
    }

    /** @param weight [rows, cols]; @return its transpose [cols, rows], valid until the next call */
    public float[] of(float[] weight, Compute compute) {
        if (weight.length != source.length) throw new IllegalArgumentException("a [" + rows + ", " + cols + "] weight has " + source.length + " values, got " + weight.length);
        if (!made || !Arrays.equals(weight, source)) {
            compute.transpose(weight, 0, rows, cols, transposed, 0);
            System.arraycopy(weight, 0, source, 0, source.length);
            packedMade = false;
            made = true;
        }
        return transposed;
    }

    /**
     * The transpose made by the last {@link #of}, packed by {@code kernels} for {@link Kernels#matmulPackedAdd}
     * (packed once per change of the weight, into the same array), or null when the kernels have no packed layout
     * for its shape.
     */
    public float[] packed(Kernels kernels) {
        if (!made) throw new IllegalStateException("no transpose made yet");
        if (!packedMade) {
            packed = kernels.pack(transposed, cols, rows, packed);
            packedMade = true;
        }
        return packed;
    }
}
