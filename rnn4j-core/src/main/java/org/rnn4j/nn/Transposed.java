package org.rnn4j.nn;

import java.util.Arrays;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.LowPrecision;
import org.rnn4j.tensor.Tensor;

/**
 * The transpose [cols, rows] of a weight [rows, cols] (PyTorch's layout) as the GEMM kernels read it, redone only
 * when the weight changed since it was last made: when it is another tensor or its {@link Tensor#version} moved
 * (every writer of parameters announces its change: the optimizers, loading, restoring a checkpoint). Inference or
 * generation one step at a time transposes once. With assertions on (the tests), a copy of the weight checks that
 * no change went unannounced. Not shared between threads, as the layer that holds it.
 */
public final class Transposed {
    private static final boolean CHECKED = Transposed.class.desiredAssertionStatus();
    private final int rows, cols;
    private final float[] transposed;
    private final float[] source;            // with assertions on: the values the transpose was made from
    private float[] packed;                  // the transpose as Kernels.pack lays it out (reused), or null
    private Tensor from;                     // the weight the transpose was made from, at version `version`
    private int version;
    private boolean packedMade;
    private LowPrecision.Columns columns;    // the weight's low-precision form as the kernels read it, or null

    public Transposed(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.transposed = new float[rows * cols];
        this.source = CHECKED ? new float[rows * cols] : null;
    }

    /** @param weight [rows, cols]; @return its transpose [cols, rows], valid until the next call */
    public float[] of(Tensor weight, Compute compute) {
        float[] w = weight.data();
        if (w.length != transposed.length) throw new IllegalArgumentException("a [" + rows + ", " + cols + "] weight has " + transposed.length + " values, got " + w.length);
        if (weight != from || weight.version() != version) {
            compute.transpose(w, 0, rows, cols, transposed, 0);
            if (CHECKED) System.arraycopy(w, 0, source, 0, source.length);
            from = weight;
            version = weight.version();
            packedMade = false;
            columns = weight.stored() == null ? null : weight.stored().columns();
        }
        assert Arrays.equals(w, source) : "a [" + rows + ", " + cols + "] weight was changed without Tensor.changed()";
        return transposed;
    }

    /**
     * The weight of the last {@link #of} in its low-precision form ({@link Tensor#stored}), transposed for the
     * kernels, or null when it is float32: the layers then multiply with this instead of the float32 transpose.
     */
    public LowPrecision.Columns lowPrecision() {
        if (from == null) throw new IllegalStateException("no transpose made yet");
        return columns;
    }

    /**
     * The transpose made by the last {@link #of}, packed by {@code kernels} for {@link Kernels#matmulPackedAdd}
     * (packed once per change of the weight, into the same array), or null when the kernels have no packed layout
     * for its shape.
     */
    public float[] packed(Kernels kernels) {
        if (from == null) throw new IllegalStateException("no transpose made yet");
        if (!packedMade) {
            packed = kernels.pack(transposed, cols, rows, packed);
            packedMade = true;
        }
        return packed;
    }
}
