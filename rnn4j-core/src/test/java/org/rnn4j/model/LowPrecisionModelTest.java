package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Precision;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;

/**
 * Models with weights in bf16 or int8: every kind predicts what the same model predicts in float32 with the
 * dequantized weights (the kernels widen each weight, so only the order of the sums differs); such a file is smaller,
 * marked version 3, and loads back bit for bit; a damaged one is refused.
 */
class LowPrecisionModelTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void everyKindPredictsAsFloat32WithTheRoundedWeightsAndLoadsBackBitForBit(Precision precision) throws IOException {
        for (ModelFileTest.Case c : ModelFileTest.cases()) {
            String kind = c.model().getClass().getSimpleName();
            Path f32 = dir.resolve(kind + ".safetensors"), low = dir.resolve(kind + "-" + precision + ".safetensors");
            c.model().save(f32, Map.of());
            Model<?, ?> reference = Models.load(f32, ModelFileTest.COMPUTE).model();
            Model<?, ?> quantized = Models.load(f32, ModelFileTest.COMPUTE).model();
            Models.quantize(quantized, precision);
            assertEquals(precision, Models.precision(quantized), kind);
            int stored = 0;
            for (int i = 0; i < quantized.params().size(); i++) {
                Param q = quantized.params().get(i), r = reference.params().get(i);
                if (q.value().shape().length == 2) {
                    assertNotNull(q.value().stored(), kind + " " + q.name() + " is stored in " + precision);
                    stored++;
                } else {
                    assertNull(q.value().stored(), kind + " " + q.name() + " stays float32");
                }
                System.arraycopy(q.value().data(), 0, r.value().data(), 0, r.value().size());   // the float32 model of the rounded weights
                r.value().changed();
            }
            assertTrue(stored > 0, kind);
            float[] expected = c.predictions().apply(reference), actual = c.predictions().apply(quantized);
            Check.close(kind + " in " + precision, expected, actual, 1e-5);

            quantized.save(low, Map.of());
            Models.Loaded loaded = Models.load(low, ModelFileTest.COMPUTE);
            assertEquals("3", loaded.metadata().get("version"));
            assertEquals(precision.name().toLowerCase(Locale.ROOT), loaded.metadata().get("precision"));
            assertEquals(precision, Models.precision(loaded.model()));
            assertArrayEquals(actual, c.predictions().apply(loaded.model()), kind + " loaded back");
        }
    }

    @Test
    void aLowPrecisionFileIsAQuarterOrHalfTheSize() throws IOException {
        var m = new ManyToOne(new ManyToOne.Config(new InputSpec.Tokens(1000, 64), RnnSpec.of(org.rnn4j.nn.CellType.LSTM, 128), Pooling.LAST, new Target.Classes(2)),
                ModelFileTest.COMPUTE, new java.util.SplittableRandom(2));
        Path f32 = dir.resolve("f32.safetensors"), bf16 = dir.resolve("bf16.safetensors"), int8 = dir.resolve("int8.safetensors");
        m.save(f32, Map.of());
        Models.quantize(m, Precision.BF16);
        m.save(bf16, Map.of());
        Model<?, ?> q = Models.load(f32, ModelFileTest.COMPUTE).model();
        Models.quantize(q, Precision.INT8);
        q.save(int8, Map.of());
        assertTrue(Files.size(bf16) < 0.51 * Files.size(f32), Files.size(bf16) + " bytes in bf16, " + Files.size(f32) + " in float32");
        assertTrue(Files.size(int8) < 0.28 * Files.size(f32), Files.size(int8) + " bytes in int8, " + Files.size(f32) + " in float32");
    }

    @Test
    void float32FilesStayVersion2AndTrainingReturnsAWeightToFloat32() throws IOException {
        ModelFileTest.Case c = ModelFileTest.cases().get(0);
        Path file = dir.resolve("m.safetensors");
        c.model().save(file, Map.of());
        assertEquals("2", SafeTensors.header(file).metadata().get("version"));
        Models.quantize(c.model(), Precision.INT8);
        Tensor w = c.model().params().get(0).value();
        assertNotNull(w.stored());
        w.data()[0] += 1f;
        w.changed();
        assertNull(w.stored(), "a changed weight is float32 again");
    }

    @Test
    void anInt8WeightWithoutItsScalesIsRefused() throws IOException {
        ModelFileTest.Case c = ModelFileTest.cases().get(0);
        Models.quantize(c.model(), Precision.INT8);
        Path file = dir.resolve("q.safetensors"), damaged = dir.resolve("damaged.safetensors");
        c.model().save(file, Map.of());
        SafeTensors.Contents contents = SafeTensors.read(file);
        String name = contents.tensors().keySet().stream().filter(n -> contents.tensors().get(n).stored() != null).findFirst().orElseThrow();
        String header = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        // the scales renamed, and the checksum's key too, so that the reader checks the tensors rather than the sum
        String changed = header.replace("\"" + name + ".scale\"", "\"" + name + ".scalx\"").replace("\"" + SafeTensors.CHECKSUM + "\"", "\"crc32x\"");
        byte[] bytes = changed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(damaged, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(damaged));
        assertTrue(e.getMessage().contains(name + ".scale"), e.getMessage());
    }
}
