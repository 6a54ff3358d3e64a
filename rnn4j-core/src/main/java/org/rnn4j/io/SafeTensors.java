package org.rnn4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.rnn4j.tensor.LowPrecision;
import org.rnn4j.tensor.Tensor;

/**
 * Reads and writes the safetensors format (DESIGN.md, "Model files"): an 8-byte little-endian header length,
 * a JSON header mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets}, an optional
 * {@code __metadata__} string map, then the raw little-endian data.
 *
 * <p>Writing goes to a temporary file in the target folder, is forced to disk, then atomically renamed, so a
 * crash never leaves a half-written model under the real name. Reading checks every header field and every
 * size against the file length before it reads any data; files written here also carry a CRC-32C of the whole
 * file in the metadata ({@code crc32c}: the header, with the checksum's own 16 digits read as zeros, then the
 * data), so a flipped bit anywhere, in a tensor, a shape, an offset, a label or a vocabulary word, is reported
 * instead of loading a different model.
 */
public final class SafeTensors {
    /** The metadata key of the checksum. */
    public static final String CHECKSUM = "crc32c";
    private static final String ZEROS = "0000000000000000";
    private static final long MAX_HEADER = 100L << 20;
    /** Written by Jackson's defaults, read strictly: a key twice (a tensor named twice) or anything after the header's object is refused. */
    private static final ObjectMapper JSON = org.rnn4j.parse.StrictJson.MAPPER;

    /** The tensors of a file, in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /**
     * What a file's header says, proven consistent with the file's length, before any data is read: each tensor's
     * shape and dtype (F32, BF16, I8) in file order, the metadata (not yet checked against the checksum) and the
     * number of values of the tensors a model holds (an I8 tensor's scales not counted).
     */
    public record Header(Map<String, int[]> shapes, Map<String, String> dtypes, Map<String, String> metadata, long elements) {}

    private SafeTensors() {}

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file} atomically: each tensor as F32, or in its
     * low-precision form when it has one ({@link Tensor#stored}): BF16, or I8 with its per-row scales as an F32
     * tensor named {@code NAME.scale} [rows] right after it.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        List<byte[]> blocks = new ArrayList<>();
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            LowPrecision stored = t.stored();
            byte[] bytes = stored instanceof LowPrecision.Int8 q ? q.q() : stored instanceof LowPrecision.Bf16 h ? bytes(h.bits()) : bytes(t.data());
            offset = entry(header, e.getKey(), stored == null ? "F32" : stored instanceof LowPrecision.Int8 ? "I8" : "BF16", t.shape(), offset, bytes, blocks);
            if (stored instanceof LowPrecision.Int8 q) offset = entry(header, e.getKey() + SCALE, "F32", new int[] {q.rows()}, offset, bytes(q.scale()), blocks);
        }
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(offset));
        for (byte[] b : blocks) data.put(b);
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.remove("data_crc32c");
        meta.put(CHECKSUM, ZEROS);
        ObjectNode m = header.putObject("__metadata__");
        meta.forEach(m::put);
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;                    // the spec allows trailing spaces; 8-byte aligned data
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        byte[] headerBytes = java.util.Arrays.copyOfRange(head.array(), 8, 8 + padded);
        String sum = checksum(headerBytes, data.array());
        System.arraycopy(sum.getBytes(StandardCharsets.US_ASCII), 0, head.array(), 8 + checksumAt(headerBytes, ZEROS), ZEROS.length());
        head.flip();

        AtomicFile.write(file, head, data.rewind());
    }

    /** The suffix of the F32 tensor that holds an I8 tensor's per-row scales. */
    public static final String SCALE = ".scale";

    /** Adds a header entry for {@code bytes} at {@code offset}; returns the offset after it. */
    private static long entry(ObjectNode header, String name, String dtype, int[] shape, long offset, byte[] bytes, List<byte[]> blocks) {
        ObjectNode entry = header.putObject(name);
        entry.put("dtype", dtype);
        var dims = entry.putArray("shape");
        for (int d : shape) dims.add(d);
        entry.putArray("data_offsets").add(offset).add(offset + bytes.length);
        blocks.add(bytes);
        return offset + bytes.length;
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static byte[] bytes(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return b.array();
    }

    /**
     * Reads a whole file, validating it first.
     *
     * @throws ModelFileException naming the file and what is wrong with it
     */
    public static Contents read(Path file) throws IOException {
        return read(file, Long.MAX_VALUE);
    }

    /**
     * Reads a whole file that holds at most {@code maxElements} float32 values, refusing a larger one from its
     * header alone, before any data is read or allocated.
     *
     * @throws ModelFileException naming the file and what is wrong with it
     */
    public static Contents read(Path file, long maxElements) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(file, ch);
            long elements = elements(layout.entries);
            if (elements > maxElements) {
                throw new ModelFileException(file, "declares " + elements + " values in its tensors; its config describes " + maxElements + " (a forged or changed header?)");
            }
            ByteBuffer headBuf = layout.headBuf;
            Map<String, String> metadata = layout.metadata;
            List<Entry> entries = layout.entries;
            long dataStart = layout.dataStart, dataLen = layout.dataLen;
            if (dataLen > Integer.MAX_VALUE) throw new ModelFileException(file, "has " + dataLen + " bytes of data, more than rnn4j reads (2 GiB)");
            ByteBuffer data = ByteBuffer.allocate((int) dataLen).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, data, dataStart);
            String expected = metadata.get(CHECKSUM);
            if (expected != null) {
                byte[] headerBytes = headBuf.array();
                int at = checksumAt(headerBytes, expected);
                if (at < 0 || expected.length() != ZEROS.length()) throw new ModelFileException(file, "is corrupted: its checksum field is damaged");
                System.arraycopy(ZEROS.getBytes(StandardCharsets.US_ASCII), 0, headerBytes, at, ZEROS.length());
                String actual = checksum(headerBytes, data.array());
                if (!actual.equals(expected)) throw new ModelFileException(file, "is corrupted: its checksum is " + actual + ", the header says " + expected);
            }
            Map<String, Entry> byName = new LinkedHashMap<>();
            for (Entry e : entries) byName.put(e.name, e);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                if (isScale(e, byName)) continue;
                tensors.put(e.name, switch (e.dtype) {
                    case "I8" -> int8(file, e, byName.get(e.name + SCALE), data);
                    case "BF16" -> bf16(e, data);
                    default -> new Tensor(floats(e, data), e.shape);
                });
            }
            return new Contents(tensors, metadata);
        }
    }

    private static float[] floats(Entry e, ByteBuffer data) {
        float[] values = new float[(int) ((e.end - e.begin) / 4)];
        data.position((int) e.begin);
        data.asFloatBuffer().get(values);
        return values;
    }

    /** A BF16 tensor: a 2-d one keeps its low-precision form (a weight for the kernels), any other is widened. */
    private static Tensor bf16(Entry e, ByteBuffer data) {
        short[] bits = new short[(int) ((e.end - e.begin) / 2)];
        data.position((int) e.begin);
        data.asShortBuffer().get(bits);
        if (e.shape.length == 2) {
            Tensor t = Tensor.zeros(e.shape);
            t.store(new LowPrecision.Bf16(bits, e.shape[0], e.shape[1]));
            return t;
        }
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) values[i] = LowPrecision.Bf16.widen(bits[i]);
        return new Tensor(values, e.shape);
    }

    /** An I8 weight [rows, cols] and its F32 scales NAME.scale [rows]. */
    private static Tensor int8(Path file, Entry e, Entry scale, ByteBuffer data) {
        if (e.shape.length != 2) throw new ModelFileException(file, "tensor \"" + e.name + "\" is I8 with shape " + java.util.Arrays.toString(e.shape) + "; rnn4j reads I8 weights of 2 dimensions");
        if (scale == null || !scale.dtype.equals("F32") || scale.shape.length != 1 || scale.shape[0] != e.shape[0]) {
            throw new ModelFileException(file, "tensor \"" + e.name + "\" is I8 but has no F32 tensor \"" + e.name + SCALE + "\" [" + e.shape[0] + "] of its rows' scales");
        }
        byte[] q = new byte[(int) (e.end - e.begin)];
        data.position((int) e.begin);
        data.get(q);
        float[] scales = floats(scale, data);
        for (float v : scales) {
            if (!(v >= 0f && Float.isFinite(v))) throw new ModelFileException(file, "tensor \"" + e.name + SCALE + "\" has a scale of " + v + "; scales are finite and not negative");
        }
        Tensor t = Tensor.zeros(e.shape);
        t.store(new LowPrecision.Int8(q, scales, e.shape[0], e.shape[1]));
        return t;
    }

    /** Whether e holds the scales of an I8 tensor (NAME.scale next to an I8 NAME). */
    private static boolean isScale(Entry e, Map<String, Entry> byName) {
        if (!e.name.endsWith(SCALE)) return false;
        Entry of = byName.get(e.name.substring(0, e.name.length() - SCALE.length()));
        return of != null && of.dtype.equals("I8");
    }

    /** The values of the tensors a model holds: each tensor's elements, an I8 tensor's scales not counted. */
    private static long elements(List<Entry> entries) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) byName.put(e.name, e);
        long n = 0;
        for (Entry e : entries) if (!isScale(e, byName)) n += (e.end - e.begin) / e.bytesPerValue();
        return n;
    }

    /** Reads and checks the header only, reading no tensor data. */
    public static Header header(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(file, ch);
            Map<String, int[]> shapes = new LinkedHashMap<>();
            Map<String, String> dtypes = new LinkedHashMap<>();
            for (Entry e : layout.entries) {
                shapes.put(e.name, e.shape);
                dtypes.put(e.name, e.dtype);
            }
            return new Header(shapes, dtypes, layout.metadata, elements(layout.entries));
        }
    }

    /** The raw header, its metadata and tensor entries, every size checked against the file's length. */
    private record Layout(ByteBuffer headBuf, Map<String, String> metadata, List<Entry> entries, long dataStart, long dataLen) {}

    private static Layout layout(Path file, FileChannel ch) throws IOException {
        long length = ch.size();
        if (length < 8) throw new ModelFileException(file, "is " + length + " bytes long, shorter than the 8-byte header length of a safetensors file");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > length - 8) {
            throw new ModelFileException(file, "declares a header of " + headerLen + " bytes but the file has " + (length - 8)
                    + " bytes after the length field (truncated, or not a safetensors file)");
        }
        ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
        readFully(ch, headBuf, 8);
        JsonNode header;
        try {
            header = JSON.readTree(StandardCharsets.UTF_8.newDecoder().decode(headBuf.flip()).toString());
        } catch (IOException e) {
            throw new ModelFileException(file, "has a header that is not strict UTF-8 JSON (one object, no key twice): " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (header == null || !header.isObject()) throw new ModelFileException(file, "has a header that is not a JSON object");
        long dataStart = 8 + headerLen, dataLen = length - dataStart;
        return new Layout(headBuf, readMetadata(file, header.get("__metadata__")), readEntries(file, header, dataLen), dataStart, dataLen);
    }

    /** CRC-32C of the header bytes, then the data bytes, as 16 hex digits. */
    private static String checksum(byte[] header, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(header);
        crc.update(data);
        return String.format("%016x", crc.getValue());
    }

    /** Where the value {@code digits} of the checksum field starts in the raw header, or -1 unless exactly once. */
    private static int checksumAt(byte[] header, String digits) {
        byte[] field = ("\"" + CHECKSUM + "\":\"" + digits + "\"").getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        for (int i = 0; i + field.length <= header.length; i++) {
            if (java.util.Arrays.equals(header, i, i + field.length, field, 0, field.length)) {
                if (found >= 0) return -1;
                found = i + field.length - 1 - digits.length();
            }
        }
        return found;
    }

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
        int bytesPerValue() { return DTYPES.get(dtype); }
    }

    /** The dtypes rnn4j reads, with their bytes per value. */
    private static final Map<String, Integer> DTYPES = Map.of("F32", 4, "BF16", 2, "I8", 1);

    private static Map<String, String> readMetadata(Path file, JsonNode meta) {
        Map<String, String> out = new LinkedHashMap<>();
        if (meta == null) return out;
        if (!meta.isObject()) throw new ModelFileException(file, "has a __metadata__ that is not a JSON object of strings");
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) throw new ModelFileException(file, "has metadata \"" + e.getKey() + "\" that is not a string");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static List<Entry> readEntries(Path file, JsonNode header, long dataLen) {
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var f = it.next();
            String name = f.getKey();
            if (name.equals("__metadata__")) continue;
            JsonNode e = f.getValue();
            String where = "tensor \"" + name + "\"";
            if (!e.isObject()) throw new ModelFileException(file, where + " is not a JSON object");
            JsonNode dtype = e.get("dtype"), shape = e.get("shape"), offsets = e.get("data_offsets");
            if (dtype == null || !dtype.isTextual()) throw new ModelFileException(file, where + " has no dtype");
            if (!DTYPES.containsKey(dtype.asText())) throw new ModelFileException(file, where + " has dtype " + dtype.asText() + "; rnn4j reads F32, BF16 and I8 (export with .float())");
            int size = DTYPES.get(dtype.asText());
            if (shape == null || !shape.isArray()) throw new ModelFileException(file, where + " has no shape array");
            int[] dims = new int[shape.size()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                JsonNode d = shape.get(i);
                if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) throw new ModelFileException(file, where + " has an invalid dimension " + d);
                dims[i] = d.asInt();
                count *= dims[i];
                if (count > Integer.MAX_VALUE) throw new ModelFileException(file, where + " has too many elements: shape " + shape);
            }
            if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
                throw new ModelFileException(file, where + " needs data_offsets [begin, end]");
            }
            long begin = offsets.get(0).asLong(), end = offsets.get(1).asLong();
            if (begin < 0 || end < begin || end > dataLen) {
                throw new ModelFileException(file, where + " has data_offsets [" + begin + ", " + end + "] outside the " + dataLen + " data bytes (truncated file?)");
            }
            if (end - begin != size * count) {
                throw new ModelFileException(file, where + " has shape " + shape + " (" + size * count + " bytes of " + dtype.asText() + ") but data_offsets span " + (end - begin) + " bytes");
            }
            entries.add(new Entry(name, dtype.asText(), dims, begin, end));
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
        long covered = 0;                                                  // the format: the tensors tile the data, no gap, no overlap
        for (Entry e : sorted) {
            if (e.begin < covered) throw new ModelFileException(file, "tensor \"" + e.name + "\" overlaps the one before it in the data");
            if (e.begin > covered) throw new ModelFileException(file, "has " + (e.begin - covered) + " bytes of data before tensor \"" + e.name + "\" that no tensor describes");
            covered = e.end;
        }
        if (covered != dataLen) throw new ModelFileException(file, "has " + (dataLen - covered) + " bytes after its last tensor that no tensor describes (a padded or appended file?)");
        return entries;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("unexpected end of file at byte " + pos);
            pos += n;
        }
    }
}
