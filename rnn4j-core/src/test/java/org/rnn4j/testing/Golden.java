package org.rnn4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a fixture written by tools/make_golden.py from the test resources. */
public final class Golden {
    private final JsonNode root;

    private Golden(JsonNode root) { this.root = root; }

    public static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) throw new IllegalStateException("missing fixture golden/" + name + ".json: run /usr/bin/python3 tools/make_golden.py");
            return new Golden(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean has(String key) { return root.has(key); }

    public int integer(String key) { return root.get(key).asInt(); }

    public boolean bool(String key) { return root.get(key).asBoolean(); }

    public String text(String key) { return root.get(key).asText(); }

    public double number(String key) { return root.get(key).asDouble(); }

    public float[] floats(String key) { return floats(root.get(key)); }

    public int[] ints(String key) {
        JsonNode n = root.get(key);
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asInt();
        return out;
    }

    public JsonNode node(String key) { return root.get(key); }

    /** The deterministic values tools/make_golden.py's det() makes: {@code scale·sin(0.7071·i + 1.3·seed)} as float32. */
    public static float[] det(int n, int seed, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (scale * Math.sin(0.7071 * i + 1.3 * seed));
        return out;
    }

    /** A list of numbers, or a string of base64 little-endian float32 bytes. */
    public static float[] floats(JsonNode n) {
        if (n.isTextual()) {
            java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(n.asText()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] out = new float[f.remaining()];
            f.get(out);
            return out;
        }
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) n.get(i).asDouble();
        return out;
    }
}
