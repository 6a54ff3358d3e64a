package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Liveness and readiness, and a drain: ready until it starts, then 503 for readiness and for every new API request. */
class LifecycleTest {
    @Test
    void readyUntilDrainedThenRefusing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        BatchingTest.train(dir);
        try (DemoServer s = BatchingTest.server(dir, new Batching(8, Duration.ofMillis(1)))) {
            assertEquals(200, get(s, "/health/live").statusCode());
            HttpResponse<String> ready = get(s, "/health/ready");
            assertEquals(200, ready.statusCode());
            assertTrue(ready.body().contains("\"status\":\"ready\""), ready.body());
            assertEquals(200, BatchingTest.post(s, BatchingTest.body("a fine film")).statusCode());
            assertTrue(s.drain(Duration.ofSeconds(5)), "nothing was in flight");
            HttpResponse<String> draining = get(s, "/health/ready");
            assertEquals(503, draining.statusCode());
            assertTrue(draining.body().contains("shutting down"), draining.body());
            HttpResponse<String> refused = BatchingTest.post(s, BatchingTest.body("a fine film"));
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("shutting down"), refused.body());
            assertEquals(200, get(s, "/health/live").statusCode());
        }
    }

    static HttpResponse<String> get(DemoServer s, String path) throws Exception {
        return BatchingTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
