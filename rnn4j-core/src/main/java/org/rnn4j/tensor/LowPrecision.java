package org.rnn4j.tensor;

/**
 * A weight [rows, cols] (PyTorch's [out, in]) stored in fewer bits than float32, for inference: what a model file
 * holds for it, and {@link #dequantize the float values it stands for}. The kernels read its transpose
 * {@link #columns()} [cols, rows], widening each value to float32 just before the multiply-add, so that a product
 * equals the float32 product with the dequantized weight, up to the order of the sums.
 */
public sealed interface LowPrecision {

    Precision precision();

    int rows();

    int cols();

    /** The float32 values [rows, cols] this form stands for. */
    float[] dequantize();

    /** The transpose [cols, rows] in the layout the kernels read. */
    Columns columns();

    /** {@code w} [rows, cols] in {@code precision}, rounded to nearest; float32 is not a low precision. */
    static LowPrecision of(Precision precision, float[] w, int rows, int cols) {
        if (w.length != rows * cols) throw new IllegalArgumentException("a [" + rows + ", " + cols + "] weight has " + rows * cols + " values, got " + w.length);
        return switch (precision) {
            case INT8 -> Int8.of(w, rows, cols);
            case BF16 -> Bf16.of(w, rows, cols);
            case FLOAT32 -> throw new IllegalArgumentException("float32 is the full precision, not a low one");
        };
    }

    /** Symmetric int8 with one scale per row: w[r, c] ≈ q[r, c] · scale[r], q in [-127, 127], scale = max |w[r, ·]| / 127. */
    record Int8(byte[] q, float[] scale, int rows, int cols) implements LowPrecision {
        public Int8 {
            if (q.length != rows * cols || scale.length != rows) throw new IllegalArgumentException("int8 weight [" + rows + ", " + cols + "] needs " + rows * cols + " values and " + rows + " scales");
        }

        static Int8 of(float[] w, int rows, int cols) {
            byte[] q = new byte[rows * cols];
            float[] scale = new float[rows];
            for (int r = 0; r < rows; r++) {
                float max = 0f;
                for (int c = 0; c < cols; c++) max = Math.max(max, Math.abs(w[r * cols + c]));
                scale[r] = max / 127f;
                if (max == 0f) continue;
                for (int c = 0; c < cols; c++) q[r * cols + c] = (byte) Math.max(-127, Math.min(127, Math.round(w[r * cols + c] / scale[r])));
            }
            return new Int8(q, scale, rows, cols);
        }

        @Override public Precision precision() { return Precision.INT8; }

        @Override
        public float[] dequantize() {
            float[] w = new float[rows * cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) w[r * cols + c] = q[r * cols + c] * scale[r];
            return w;
        }

        @Override
        public Columns columns() {
            byte[] t = new byte[rows * cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = q[r * cols + c];
            return new Columns.Int8(t, scale, cols, rows);
        }
    }

    /** bfloat16: the upper 16 bits of each float32, rounded to nearest even. */
    record Bf16(short[] bits, int rows, int cols) implements LowPrecision {
        public Bf16 {
            if (bits.length != rows * cols) throw new IllegalArgumentException("bf16 weight [" + rows + ", " + cols + "] needs " + rows * cols + " values");
        }

        static Bf16 of(float[] w, int rows, int cols) {
            short[] bits = new short[w.length];
            for (int i = 0; i < w.length; i++) bits[i] = round(w[i]);
            return new Bf16(bits, rows, cols);
        }

        /** The bfloat16 nearest to v (ties to even); v finite. */
        public static short round(float v) {
            int b = Float.floatToRawIntBits(v);
            return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
        }

        public static float widen(short bits) { return Float.intBitsToFloat(bits << 16); }

        @Override public Precision precision() { return Precision.BF16; }

        @Override
        public float[] dequantize() {
            float[] w = new float[bits.length];
            for (int i = 0; i < w.length; i++) w[i] = widen(bits[i]);
            return w;
        }

        @Override
        public Columns columns() {
            short[] t = new short[rows * cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = bits[r * cols + c];
            return new Columns.Bf16(t, cols, rows);
        }
    }

    /** A low-precision b [k, n] as the kernels read it: row-major, the n outputs contiguous. */
    sealed interface Columns {
        int k();

        int n();

        /** b[p, j] = q[p·n + j] · scale[j]. */
        record Int8(byte[] q, float[] scale, int k, int n) implements Columns {}

        /** b[p, j] = the float32 whose upper bits are bits[p·n + j]. */
        record Bf16(short[] bits, int k, int n) implements Columns {}
    }
}
