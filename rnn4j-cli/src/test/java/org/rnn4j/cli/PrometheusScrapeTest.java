package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} scraped by a real Prometheus (Debian's {@code prometheus}, started here on loopback with a
 * generated config and a 1 s scrape interval): after 30 predictions its query API returns the request counter at 30
 * for the model, endpoint and status, the latency histogram's count, the batch sizes, and the JVM's series. Skips
 * when prometheus is not installed; CI installs it.
 */
@Tag("process")
class PrometheusScrapeTest {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void prometheusScrapesTheServersMetrics() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is not installed (apt-get install prometheus); the scrape was not tested");
        Path dir = Files.createTempDirectory("rnn4j-prometheus"), models = Files.createDirectories(dir.resolve("models"));
        Cli.smallClassifier(models);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Cli.Server server = Cli.serve(dir, models)) {
            Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                    + "  - job_name: rnn4j\n    static_configs:\n      - targets: ['127.0.0.1:" + server.port() + "']\n");
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                for (int i = 0; i < 30; i++) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/reviews/predict"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"the acting was not bad " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                }
                String base = "http://127.0.0.1:" + port;
                assertEquals(30.0, poll(base, "rnn4j_requests_total{job=\"rnn4j\",model=\"reviews\",endpoint=\"/api/v1/{model}/predict\",status=\"200\"}", 30.0, dir));
                assertEquals(30.0, poll(base, "rnn4j_request_duration_seconds_count{model=\"reviews\",endpoint=\"/api/v1/{model}/predict\"}", 30.0, dir));
                assertEquals(30.0, poll(base, "rnn4j_batch_size_sum{model=\"reviews\"}", 30.0, dir));
                assertEquals(1.0, poll(base, "up{job=\"rnn4j\"}", 1.0, dir));
                assertTrue(poll(base, "sum(jvm_memory_used_bytes{job=\"rnn4j\"})", -1, dir) > 0);
            } finally {
                prometheus.destroy();
                prometheus.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** The query's value once Prometheus has it (equal to {@code expected} unless that is negative), within 60 s. */
    double poll(String base, String query, double expected, Path dir) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < end) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                JsonNode result = ReadmeTourTest.JSON.readTree(last).path("data").path("result");
                if (result.size() == 1) {
                    double v = result.get(0).path("value").get(1).asDouble();
                    if (expected < 0 || v == expected) return v;
                }
            } catch (java.io.IOException starting) {
                last = starting.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(query + " never reached " + expected + "; last answer: " + last + "\nprometheus log:\n" + Files.readString(dir.resolve("prometheus.log")));
    }
}
