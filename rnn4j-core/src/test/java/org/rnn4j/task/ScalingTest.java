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
import org.rnn4j.model.Example;
import org.rnn4j.model.Seq;

/**
 * Numeric inputs are standardised one way for every format: JSON Lines vectors per feature, with the training
 * data's statistics, saved with the task and applied again when a model file is read back; off on request.
 */
class ScalingTest {
    @TempDir Path dir;

    @Test
    void statisticsPerFeatureOverEveryStep() {
        Scaling s = Scaling.fit(java.util.stream.Stream.of(new float[][] {{1, 10}, {3, 10}}, new float[][] {{5, 10}}));
        assertArrayEquals(new float[] {3, 10}, s.mean());
        assertArrayEquals(new float[] {2, 1}, s.std(), 1e-6f, "sample deviation; 1 for a constant feature");
        assertArrayEquals(new float[] {-1, 0}, s.apply(new float[] {1, 10}));
    }

    @Test
    void jsonLinesVectorsAreStandardisedAndTheModelFileKeepsTheStatistics() throws IOException {
        Path file = dir.resolve("train.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) lines.add("{\"x\": [[" + (1000 + 10 * i) + ", 0.001], [" + (1000 - 10 * i) + ", 0.003]], \"y\": \"" + (i % 2 == 0 ? "a" : "b") + "\"}");
        Files.write(file, lines);
        DataOptions on = new DataOptions(Format.JSONL, null, 1, 0, 256, null, 0, 0, null, true);
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
        assertEquals(1, Math.sqrt(sq0 / (n - 1)), 1e-4);

        ClassifyTask reloaded = (ClassifyTask) Tasks.fromJson(Tasks.toJson(task));
        assertArrayEquals(task.scaling().mean(), reloaded.scaling().mean());
        assertArrayEquals(task.scaling().std(), reloaded.scaling().std());

        ClassifyTask raw = (ClassifyTask) Tasks.prepare("classify", file, new DataOptions(Format.JSONL, null, 1, 0, 256, null, 0, 0, null, false));
        assertNull(raw.scaling());
        try (var s = raw.read(file)) {
            assertEquals(1000f, ((Seq.Vectors) s.findFirst().orElseThrow().x()).steps()[0][0]);
        }
    }
}
