package org.rnn4j.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.tensor.Compute;

/**
 * Generated corruptions of a model file (truncations, flipped bits, overwritten and inserted bytes, a forged header
 * length), 3000 per run from a seeded generator (a failure prints the case, and the seed reproduces it): every one
 * is refused with a {@link ModelFileException} that names the file, or loads a model equal to the original; never
 * another exception, never an out-of-memory error.
 */
class ModelFileCorruptionTest {
    static final Compute COMPUTE = new Compute(Compute.bestKernels(), 1);
    static byte[] original;
    static Path dir;

    @BeforeAll
    static void writeOne() throws IOException {
        dir = Files.createTempDirectory("rnn4j-model-properties");
        var m = new Seq2Seq(new Seq2Seq.Config(new InputSpec.Tokens(8, 4), 8, 4, new RnnSpec(CellType.GRU, 6, 1, true, 0f), Attention.Score.GENERAL, 2, 3),
                COMPUTE, new SplittableRandom(1));
        Path file = dir.resolve("m.safetensors");
        m.save(file, Map.of("task", "{\"task\":\"seq2seq\"}"));
        original = Files.readAllBytes(file);
    }

    /** One corruption: what to do, where, and with which byte. */
    record Corruption(int kind, double where, int value, int count) {
        byte[] apply(byte[] b) {
            int at = (int) (where * b.length);
            return switch (kind) {
                case 0 -> Arrays.copyOf(b, at);                                        // truncated
                case 1 -> {                                                           // bits flipped
                    byte[] c = b.clone();
                    for (int i = 0; i < count; i++) c[(at + 7919 * i) % c.length] ^= (byte) (1 << ((value + i) & 7));
                    yield c;
                }
                case 2 -> {                                                           // bytes overwritten
                    byte[] c = b.clone();
                    for (int i = 0; i < count && at + i < c.length; i++) c[at + i] = (byte) (value + 31 * i);
                    yield c;
                }
                case 3 -> {                                                           // bytes inserted
                    byte[] c = new byte[b.length + count];
                    System.arraycopy(b, 0, c, 0, at);
                    Arrays.fill(c, at, at + count, (byte) value);
                    System.arraycopy(b, at, c, at + count, b.length - at);
                    yield c;
                }
                default -> {                                                          // a forged header length
                    byte[] c = b.clone();
                    long forged = value < 128 ? (long) value * count : Long.MAX_VALUE - value;
                    for (int i = 0; i < 8; i++) c[i] = (byte) (forged >>> (8 * i));
                    yield c;
                }
            };
        }
    }

    /** A random corruption; edge positions (the first and last bytes, the header length field) come up often. */
    static Corruption corruption(SplittableRandom r) {
        double where = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextDouble(0, 8.0 / original.length);
            case 2 -> 1 - r.nextDouble(0, 0.01);
            default -> r.nextDouble();
        };
        return new Corruption(r.nextInt(5), where, r.nextInt(256), r.nextInt(1, 65));
    }

    @Test
    void everyCorruptionIsRefusedByMessageOrChangesNothing() throws IOException {
        SplittableRandom r = new SplittableRandom(20261201);
        for (int i = 0; i < 3000; i++) check(corruption(r));
    }

    private static void check(Corruption corruption) throws IOException {
        byte[] bytes = corruption.apply(original);
        Path file = Files.createTempFile(dir, "c", ".safetensors");
        try {
            Files.write(file, bytes);
            Models.Loaded loaded = Models.load(file, COMPUTE);
            if (!Arrays.equals(bytes, original)) {
                List<Float> first = List.of(loaded.model().params().get(0).value().data()[0]);
                throw new AssertionError("a corrupted file loaded (" + corruption + "), first weight " + first);
            }
        } catch (ModelFileException e) {
            if (!e.getMessage().contains(file.toString())) throw new AssertionError("the refusal does not name the file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new AssertionError("an I/O exception escaped for " + corruption, e);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
