package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Seq;
import org.rnn4j.train.Example;

/**
 * Numeric inputs are standardised one way for every format: JSON Lines vectors per feature, with the training
 * data's statistics, saved with the task and applied again when a model file is read back; off on request.
 */
class ScalingTest {
    @TempDir Path dir;

    @Test
    void statisticsPerFeatureOverEveryStep() {
        Scaling.Fit fit = new Scaling.Fit();
        for (float[] v : new float[][] {{1, 10}, {3, 10}, {5, 10}}) fit.add(v);
        Scaling s = fit.result();
        assertArrayEquals(new float[] {3, 10}, s.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(8.0 / 3), 1}, s.std(), 1e-6f, "the deviation over all values (as StandardScaler); 1 for a constant feature");
        assertArrayEquals(new float[] {1, 10}, s.invert(s.apply(new float[] {1, 10})), 1e-6f);
    }

    @Test
    void jsonLinesVectorsAreStandardisedAndTheModelFileKeepsTheStatistics() throws IOException {
        Path file = dir.resolve("train.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) lines.add("{\"x\": [[" + (1000 + 10 * i) + ", 0.001], [" + (1000 - 10 * i) + ", 0.003]], \"y\": \"" + (i % 2 == 0 ? "a" : "b") + "\"}");
        Files.write(file, lines);
        DataOptions on = new DataOptions(Format.JSONL, null, null, 1, 0, 256, null, 0, 0, null, true, 64);
        ClassifyTask task = (ClassifyTask) Tasks.prepare("classify", file, on);
        double sum0 = 0, sq0 = 0, sum1 = 0;
        long n = 0;
        try (var s = task.read(file)) {
            for (Example<Seq, float[]> e : s.toList()) {
                for (float[] step : ((Seq.Vectors) e.x()).steps()) {
                    sum0 += step[0];
                    sq0 += step[0] * step[0];
                    sum1 += step[1];
                    n++;
                }
            }
        }
        assertEquals(0, sum0 / n, 1e-5);
        assertEquals(0, sum1 / n, 1e-5);
        assertEquals(1, Math.sqrt(sq0 / n), 1e-4);

        ClassifyTask reloaded = (ClassifyTask) Tasks.fromJson(Tasks.toJson(task));
        Scaling saved = ((Encoder.Features) task.encoder()).scaling(), read = ((Encoder.Features) reloaded.encoder()).scaling();
        assertArrayEquals(saved.mean(), read.mean());
        assertArrayEquals(saved.std(), read.std());

        ClassifyTask raw = (ClassifyTask) Tasks.prepare("classify", file, new DataOptions(Format.JSONL, null, null, 1, 0, 256, null, 0, 0, null, false, 64));
        assertNull(((Encoder.Features) raw.encoder()).scaling());
        try (var s = raw.read(file)) {
            assertEquals(1000f, ((Seq.Vectors) s.findFirst().orElseThrow().x()).steps()[0][0]);
        }
    }
}
