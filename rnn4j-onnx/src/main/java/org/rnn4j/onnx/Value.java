package org.rnn4j.onnx;

/**
 * What a value of an imported graph means, as {@link GraphReader} follows the graph from its input: constants, the
 * shape arithmetic PyTorch's exporter writes for zero initial states, the sequence at some depth of the recurrent
 * stack, the recurrent operators' outputs and states, the pooled vector, and the output layer's result.
 */
sealed interface Value {

    /** A constant: an initializer or a {@code Constant} node (shapes, axes, indices, weights). */
    record Const(float[] floats, long[] longs, long[] dims) implements Value {
        int size() { return floats != null ? floats.length : longs.length; }

        long scalar() { return longs != null && longs.length == 1 ? longs[0] : Long.MIN_VALUE; }
    }

    /** Something computed from the input's shape only, such as the batch size or zeros of [L·D, B, H]. */
    record Shaped(boolean zeros) implements Value {}

    /**
     * A sequence of vectors [B, T, W] or, {@code timeFirst}, [T, B, W], after {@code depth} recurrent layers; token ids
     * [B, T] or [T, B] when {@code ids}. {@code flipped} counts the transpositions since the graph input (whose order
     * is learnt where the first recurrent operator reads it).
     */
    record Sequence(int depth, int width, boolean ids, boolean flipped) implements Value {
        Sequence flip() { return new Sequence(depth, width, ids, !flipped); }
    }

    /** A recurrent operator's Y [T, D, B, H] (or [T, B, D, H] once {@code transposed}) at {@code depth}. */
    record Steps(int depth, int directions, int hidden, boolean transposed) implements Value {}

    /**
     * Final states [n, B, H]: the entries {@code [from, from + n)} of the stack's [L·D, B, H] (layer by layer, forward
     * before reverse); [B, H] when {@code squeezed} (one entry taken by index).
     */
    record States(int from, int count, boolean squeezed) implements Value {}

    /** The vector [B, W] the output layer reads: the last states of the top layer, or the mean or maximum over time. */
    record Pooled(org.rnn4j.model.Pooling pooling, int width) implements Value {}

    /** The product of the output layer before its bias ([B, T, C] at every step). */
    record Product(boolean everyStep, float[] weight, int classes) implements Value {}

    /** The output layer's result [B, C] (or [B, T, C] at every step), then perhaps through a softmax or sigmoid. */
    record Head(boolean everyStep, int classes, String link) implements Value {}

    /** A value the reader could not follow; the reason was reported where it arose. */
    record Unknown() implements Value {}
}
