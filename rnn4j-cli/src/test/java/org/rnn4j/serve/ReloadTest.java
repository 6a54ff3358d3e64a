package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload under load: while 8 clients send predictions, a new model file renamed over the served one replaces it
 * (its checksum in /api/v1/models, its answers from then on) without a failed request; then a damaged file renamed
 * over it leaves the new model serving, and /api/v1/models reports why; a removed file is no longer served, and
 * a good one renamed in is served again.
 */
class ReloadTest {
    @TempDir Path dir;
    @TempDir Path elsewhere;

    @Test
    void aNewFileReplacesTheModelUnderLoadADamagedOneIsRefusedARemovedOneUnloaded() throws Exception {
        BatchingTest.train(dir);
        try (DemoServer server = BatchingTest.server(dir, new Batching(8, Duration.ZERO))) {
            String before = checksum(server);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<List<Integer>>> statuses = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                statuses.add(clients.submit(() -> {
                    List<Integer> seen = new ArrayList<>();
                    while (!stop.get()) seen.add(BatchingTest.post(server, BatchingTest.body("the acting was not bad")).statusCode());
                    return seen;
                }));
            }
            int rc = new picocli.CommandLine(new org.rnn4j.cli.Main()).execute("train", "--task", "classify", "--train", BatchingTest.DATA.toString(), "--model",
                    elsewhere.resolve("new.safetensors").toString(), "--epochs", "5", "--hidden", "12", "--embedding", "6", "--seed", "7", "--no-report");
            assertEquals(0, rc);
            Files.move(elsewhere.resolve("new.safetensors"), dir.resolve("reviews.safetensors"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String after = waitFor(server, before);
            Thread.sleep(300);
            stop.set(true);
            long requests = 0;
            for (Future<List<Integer>> f : statuses) {
                for (int status : f.get()) {
                    assertEquals(200, status, "every request during the reload is answered");
                    requests++;
                }
            }
            clients.shutdown();
            assertTrue(requests > 50, requests + " requests");
            assertNotEquals(before, after);
            try (DemoServer fresh = BatchingTest.server(dir, Batching.OFF)) {
                String text = BatchingTest.body("the plot was dull");
                assertEquals(BatchingTest.post(fresh, text).body(), BatchingTest.post(server, text).body(), "the reloaded model answers as the new file does");
            }

            Files.copy(dir.resolve("reviews.safetensors"), elsewhere.resolve("good.safetensors"));
            byte[] damaged = Files.readAllBytes(dir.resolve("reviews.safetensors"));
            damaged[damaged.length - 5] ^= 0x40;
            Files.write(elsewhere.resolve("damaged.safetensors"), damaged);
            Files.move(elsewhere.resolve("damaged.safetensors"), dir.resolve("reviews.safetensors"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            JsonNode model = null;
            for (int i = 0; i < 100 && (model == null || !model.has("reload_error")); i++) {
                Thread.sleep(100);
                model = models(server);
            }
            assertTrue(model.has("reload_error"), model.toString());
            assertEquals(after, model.path("version").path("checksum").asText(), "the new model keeps serving");
            assertEquals(200, BatchingTest.post(server, BatchingTest.body("a fine film")).statusCode());

            Files.move(dir.resolve("reviews.safetensors"), elsewhere.resolve("kept.safetensors"));      // removed: no longer served
            int status = 200;
            for (int i = 0; i < 100 && status != 404; i++) {
                Thread.sleep(100);
                status = BatchingTest.post(server, BatchingTest.body("a fine film")).statusCode();
            }
            assertEquals(404, status, "a model whose file was removed is not served");
            assertEquals(503, LifecycleTest.get(server, "/health/ready").statusCode(), "not ready with no model");
            Files.move(elsewhere.resolve("good.safetensors"), dir.resolve("reviews.safetensors"), StandardCopyOption.ATOMIC_MOVE);
            for (int i = 0; i < 100 && status != 200; i++) {
                Thread.sleep(100);
                status = BatchingTest.post(server, BatchingTest.body("a fine film")).statusCode();
            }
            assertEquals(200, status, "a good file renamed in is served again");
            assertEquals(200, LifecycleTest.get(server, "/health/ready").statusCode());
        }
    }

    static JsonNode models(DemoServer server) throws Exception {
        HttpResponse<String> r = LifecycleTest.get(server, "/api/v1/models");
        return Json.MAPPER.readTree(r.body()).path("models").get(0);
    }

    static String checksum(DemoServer server) throws Exception {
        return models(server).path("version").path("checksum").asText();
    }

    /** The served checksum once it is not {@code old}, within 20 s. */
    static String waitFor(DemoServer server, String old) throws Exception {
        for (int i = 0; i < 200; i++) {
            String now = checksum(server);
            if (!now.equals(old)) return now;
            Thread.sleep(100);
        }
        throw new AssertionError("the new file was not loaded within 20 s");
    }
}
