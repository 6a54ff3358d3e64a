package org.rnn4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.TensorProto;

/** ONNX tensors (initializers, constants) as {@link Value.Const}: float32 as floats, int32 and int64 as longs. */
final class Tensors {
    private Tensors() {}

    /** The constant, or {@link Value.Unknown} when it is stored elsewhere, of another type, or its values do not fill its shape. */
    static Value constant(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) return new Value.Unknown();
        long size = 1;
        for (long d : dims) {
            if (d < 0 || d > Integer.MAX_VALUE) return new Value.Unknown();
            size *= d;                                            // at most 2^31 · 2^31 before the check below
            if (size > Integer.MAX_VALUE) return new Value.Unknown();
        }
        Value v = values(t, dims);
        return v instanceof Value.Const c && c.size() != size ? new Value.Unknown() : v;
    }

    private static Value values(TensorProto t, long[] dims) {
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int width = t.getDataType() == TensorProto.DataType.INT64_VALUE ? 8 : 4;
        if (t.hasRawData() && raw.remaining() % width != 0) return new Value.Unknown();
        boolean hasRaw = t.hasRawData();
        switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                float[] f = hasRaw ? new float[raw.remaining() / 4] : new float[t.getFloatDataCount()];
                for (int i = 0; i < f.length; i++) f[i] = hasRaw ? raw.getFloat() : t.getFloatData(i);
                return new Value.Const(f, null, dims);
            }
            case TensorProto.DataType.INT64_VALUE -> {
                long[] l = hasRaw ? new long[raw.remaining() / 8] : new long[t.getInt64DataCount()];
                for (int i = 0; i < l.length; i++) l[i] = hasRaw ? raw.getLong() : t.getInt64Data(i);
                return new Value.Const(null, l, dims);
            }
            case TensorProto.DataType.INT32_VALUE -> {
                long[] l = hasRaw ? new long[raw.remaining() / 4] : new long[t.getInt32DataCount()];
                for (int i = 0; i < l.length; i++) l[i] = hasRaw ? raw.getInt() : t.getInt32Data(i);
                return new Value.Const(null, l, dims);
            }
            default -> {
                return new Value.Unknown();
            }
        }
    }
}
