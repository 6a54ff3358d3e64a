package org.rnn4j.tensor;

import java.util.Arrays;

/**
 * A dense float32 array with a shape, row-major, on the Java heap.
 *
 * <p>Tensors are plain data: operations live in {@link Kernels}. The backing array is exposed on purpose, so
 * kernels can address slices with an offset and no copies or views are allocated in hot loops. A writer through
 * {@link #data} calls {@link #changed} when it is done (as PyTorch's version counter), so what is derived from the
 * values, such as a packed transpose of a weight, is remade only when they changed.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    private int version;                 // counts the changes announced by changed(), fill and set
    private LowPrecision stored;         // the low-precision form the values are the dequantization of, or null

    /** Wraps {@code data} (not copied); its length must be the product of {@code shape}. */
    public Tensor(float[] data, int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " floats, got " + data.length);
        }
        this.data = data;
        this.shape = shape.clone();
    }

    public static Tensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return new Tensor(new float[(int) n], shape);
    }

    public float[] data() { return data; }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    public int size() { return data.length; }

    /** The same data seen with another shape of the same size. */
    public Tensor reshape(int... newShape) { return new Tensor(data, newShape); }

    public Tensor copy() { return new Tensor(data.clone(), shape); }

    public void fill(float v) {
        Arrays.fill(data, v);
        changed();
    }

    public float get(int... idx) { return data[offset(idx)]; }

    public void set(float v, int... idx) {
        data[offset(idx)] = v;
        changed();
    }

    /** Announces that the values were changed through {@link #data}; they are float32 again ({@link #stored}). */
    public void changed() {
        version++;
        stored = null;
    }

    /**
     * Rounds a [rows, cols] weight to {@code precision} for inference: the values become those of the low-precision
     * form, which is kept ({@link #stored}) for the kernels and the model file. Float32 keeps the values as they are.
     */
    public void store(Precision precision) {
        if (shape.length != 2) throw new IllegalArgumentException("only a [rows, cols] weight is stored in low precision, got shape " + Arrays.toString(shape));
        if (precision == Precision.FLOAT32) {
            changed();
            return;
        }
        store(LowPrecision.of(precision, data, shape[0], shape[1]));
    }

    /** Takes {@code form}'s values (a model file's low-precision weight), keeping the form for the kernels. */
    public void store(LowPrecision form) {
        if (shape.length != 2 || form.rows() != shape[0] || form.cols() != shape[1]) {
            throw new IllegalArgumentException("a [" + form.rows() + ", " + form.cols() + "] low-precision weight for a tensor of shape " + Arrays.toString(shape));
        }
        System.arraycopy(form.dequantize(), 0, data, 0, data.length);
        changed();
        stored = form;
    }

    /** The low-precision form whose dequantized values this tensor holds, or null (float32). Any change clears it. */
    public LowPrecision stored() { return stored; }

    /** A number that differs after every change announced by {@link #changed}, {@link #fill} or {@link #set}. */
    public int version() { return version; }

    private int offset(int[] idx) {
        if (idx.length != shape.length) throw new IllegalArgumentException("index rank " + idx.length + " for shape " + Arrays.toString(shape));
        int off = 0;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) throw new IndexOutOfBoundsException("index " + Arrays.toString(idx) + " outside shape " + Arrays.toString(shape));
            off = off * shape[i] + idx[i];
        }
        return off;
    }

    /** Throws with a message naming {@code what} unless this tensor has exactly the expected shape. */
    public Tensor requireShape(String what, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + ": expected shape " + Arrays.toString(expected) + ", got " + Arrays.toString(shape));
        }
        return this;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
