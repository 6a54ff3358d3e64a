package org.rnn4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.TensorProto;

/** ONNX tensors (initializers, constants) as {@link Value.Const}: float32 as floats, int32 and int64 as longs. */
final class Tensors {
    private Tensors() {}

    static Value constant(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) return new Value.Unknown();
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
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
