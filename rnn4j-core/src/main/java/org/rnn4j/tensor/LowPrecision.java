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
            return Columns.Int8.of(t, scale, cols, rows);
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
            return Columns.Bf16.of(t, cols, rows);
        }
    }

    /**
     * A low-precision b [k, n] as the kernels read it: row-major with the n outputs contiguous, and for the Vector
     * API the same values interleaved in ints ({@link #GROUP} lanes a block), so that one load of ints widens to
     * several vectors of floats with a shift or a mask each.
     */
    sealed interface Columns {
        /** Lanes of a block of the interleaved layout: a vector of at most this many ints reads part of one block. */
        int GROUP = 16;

        int k();

        int n();

        /**
         * c[i, j] += Σ_p a[i, p] · b[p, j] for rows i &lt; m and columns j ≥ {@code from}, one column at a time: the
         * fused sum over p in increasing order (int8: of the integers, then times the column's scale). The plain
         * kernel, and the columns the vector kernel's interleaved layout leaves out.
         */
        static void multiplyAdd(float[] a, int aOff, Columns b, float[] c, int cOff, int m, int from) {
            int k = b.k(), n = b.n();
            for (int i = 0; i < m; i++) {
                for (int j = from; j < n; j++) {
                    float acc = 0f;
                    if (b instanceof Int8 q) {
                        for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * k + p], q.q()[p * n + j], acc);
                        c[cOff + i * n + j] += acc * q.scale()[j];
                    } else {
                        short[] bits = ((Bf16) b).bits();
                        for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * k + p], LowPrecision.Bf16.widen(bits[p * n + j]), acc);
                        c[cOff + i * n + j] += acc;
                    }
                }
            }
        }

        /**
         * b[p, j] = q[p·n + j] · scale[j]. {@code quads}: for each row p, the columns [0, n - n % 64) in blocks of 64,
         * lane i of block j0 holding q of columns j0 + i, j0 + 16 + i, j0 + 32 + i, j0 + 48 + i in its bytes 0 to 3.
         */
        record Int8(byte[] q, float[] scale, int k, int n, int[] quads) implements Columns {
            static Int8 of(byte[] q, float[] scale, int k, int n) {
                int packed = n - n % (4 * GROUP);
                int[] quads = new int[k * packed / 4];
                for (int p = 0; p < k; p++) {
                    for (int j0 = 0; j0 < packed; j0 += 4 * GROUP) {
                        for (int i = 0; i < GROUP; i++) {
                            int at = p * n + j0 + i, v = 0;
                            for (int b = 0; b < 4; b++) v |= (q[at + b * GROUP] & 0xFF) << (8 * b);
                            quads[(p * packed + j0) / 4 + i] = v;
                        }
                    }
                }
                return new Int8(q, scale, k, n, quads);
            }

            /** The columns the interleaved layout holds: [0, packed()). */
            int packed() { return n - n % (4 * GROUP); }
        }

        /**
         * b[p, j] = the float32 whose upper bits are bits[p·n + j]. {@code pairs}: for each row p, the columns
         * [0, n - n % 32) in blocks of 32, lane i of block j0 holding columns j0 + i (low half) and j0 + 16 + i (high half).
         */
        record Bf16(short[] bits, int k, int n, int[] pairs) implements Columns {
            static Bf16 of(short[] bits, int k, int n) {
                int packed = n - n % (2 * GROUP);
                int[] pairs = new int[k * packed / 2];
                for (int p = 0; p < k; p++) {
                    for (int j0 = 0; j0 < packed; j0 += 2 * GROUP) {
                        for (int i = 0; i < GROUP; i++) {
                            int at = p * n + j0 + i;
                            pairs[(p * packed + j0) / 2 + i] = (bits[at] & 0xFFFF) | (bits[at + GROUP] << 16);
                        }
                    }
                }
                return new Bf16(bits, k, n, pairs);
            }

            /** The columns the interleaved layout holds: [0, packed()). */
            int packed() { return n - n % (2 * GROUP); }
        }
    }
}
