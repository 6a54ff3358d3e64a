package org.rnn4j.tensor;

/**
 * How a model's weights are stored: float32, or for inference in fewer bits, with activations and sums in float32
 * either way ({@link LowPrecision}).
 */
public enum Precision {
    /** 32-bit floats: training and inference. */
    FLOAT32,
    /** bfloat16, the upper 16 bits of a float32 rounded to nearest even: 8 bits of mantissa, float32's range. */
    BF16,
    /** 8-bit integers, symmetric, with one float32 scale per output unit (row of a [out, in] weight). */
    INT8
}
