package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.DemoModels.JSON;
import static org.rnn4j.cli.DemoModels.refused;
import static org.rnn4j.cli.DemoModels.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnn4j.cli.DemoModels.Answer;

/**
 * The demo server's JSON API without a browser: what {@code /api/v1/models} and {@code /health} say, the refusal of
 * every hostile request with a JSON error, bad {@code serve} options in one line, and concurrent answers equal to
 * sequential ones (on the models of {@link DemoModels}).
 */
@Tag("process")
class DemoApiTest {
    private static DemoModels served;
    private static Path dir;
    private static String base;
    private static List<String> serverLog;

    @BeforeAll
    static void serve() throws Exception {
        served = DemoModels.get();
        dir = served.dir();
        base = served.base();
        serverLog = served.log();
    }

    private static Answer post(String path, String body) throws Exception {
        return served.post(path, body);
    }

    private static JsonNode ok(String path, String body) throws Exception {
        return served.ok(path, body);
    }

    @Test
    void modelsAndHealthDescribeWhatIsLoaded() throws Exception {
        Answer models = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models")).GET());
        assertEquals(200, models.status());
        List<String> names = new ArrayList<>();
        models.body().get("models").forEach(m -> names.add(m.get("name").asText() + ":" + m.get("app").asText()));
        assertEquals(List.of("g2p:translate", "gestures:classify", "numbers:translate", "reviews:classify", "scenes:caption", "sentences:complete", "shapes:caption", "stories:answer", "tags:tag"), names);
        JsonNode reviews = models.body().get("models").get(names.indexOf("reviews:classify"));
        assertEquals("many-to-one", reviews.get("kind").asText());
        assertEquals("float32", reviews.get("precision").asText());
        assertTrue(reviews.get("input").get("vocabulary").asInt() > 4);
        assertTrue(reviews.get("provenance").get("data").asText().startsWith("reviews.tsv"));
        assertEquals("lstm", reviews.get("network").get("cell").asText());
        JsonNode tags = models.body().get("models").get(names.indexOf("tags:tag")), gestures = models.body().get("models").get(names.indexOf("gestures:classify"));
        assertEquals("mingru", tags.get("network").get("cell").asText());       // the cells scanned in parallel serve too
        assertTrue(tags.get("network").get("bidirectional").asBoolean());
        assertEquals("minlstm", gestures.get("network").get("cell").asText());
        assertEquals(8, gestures.get("network").get("hidden").asInt());
        Answer health = send(HttpRequest.newBuilder(URI.create(base + "/health")).GET());
        assertEquals("ok", health.body().get("status").asText());
        assertEquals(names.size(), health.body().get("models").asInt());
        assertTrue(serverLog.stream().anyMatch(l -> l.contains("skipping linked.safetensors") && l.contains("not a regular file inside")), String.join("\n", serverLog));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (serverLog.stream().noneMatch(l -> l.matches("\\S+ 127\\.0\\.0\\.1 GET /health 200 [0-9.]+ ms")) && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(serverLog.stream().anyMatch(l -> l.matches("\\S+ 127\\.0\\.0\\.1 GET /health 200 [0-9.]+ ms")), "one log line for the request:\n" + String.join("\n", serverLog));
    }

    /** serve --precision int8: every model of the folder is loaded with its weight matrices in int8. */
    @Test
    void aCatalogLoadsEveryModelInTheAskedPrecision() throws Exception {
        org.rnn4j.serve.Catalog catalog = org.rnn4j.serve.Catalog.load(dir.resolve("models"), 1, org.rnn4j.tensor.Precision.INT8, System.err);
        assertEquals(9, catalog.all().size());
        for (org.rnn4j.serve.Served s : catalog.all()) assertEquals(org.rnn4j.tensor.Precision.INT8, s.precision(), s.name());
    }

    /** Each hostile request gets its 4xx status and a JSON body with an "error" message that says what is wrong. */
    @Test
    void hostileRequestsGetJsonErrors() throws Exception {
        refused(post("/api/v1/reviews/predict", "{\"text\": \"good"), 400, "malformed JSON");
        refused(post("/api/v1/reviews/predict", "[1, 2]"), 400, "expected a JSON object");
        refused(post("/api/v1/reviews/predict", ""), 400, "empty body");
        refused(post("/api/v1/reviews/predict", "{\"text\": 42}"), 400, "\"text\" must be a string");
        refused(post("/api/v1/reviews/predict", "{\"words\": \"good\"}"), 400, "expected a string field \"text\"");
        refused(post("/api/v1/sentences/generate", "{\"prompt\": \"a\", \"length\": \"long\"}"), 400, "\"length\" must be an integer");
        refused(post("/api/v1/sentences/generate", "{\"prompt\": \"a\", \"beam\": 5, \"temperature\": 0.5}"), 400, "one way to decode");
        refused(post("/api/v1/sentences/complete", "{\"text\": \"a\", \"count\": -1}"), 400, "\"count\" must be an integer");
        refused(post("/api/v1/reviews/complete", "{\"text\": \"a\"}"), 400, "not a language model");
        refused(post("/api/v1/stories/predict", "{\"story\": \"Mary went home.\"}"), 400, "\"question\"");
        refused(post("/api/v1/reviews/predict", "{\"text\": \"" + "good ".repeat(5000) + "\"}"), 413, "the limit is 20000");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reviews/predict")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 << 20]))),
                413, "larger than the limit");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reviews/predict"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))),
                400, "not valid UTF-8");
        refused(post("/api/v1/nosuchmodel/predict", "{\"text\": \"good\"}"), 404, "no model named 'nosuchmodel'");
        for (String trick : List.of("..%2freviews", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2Fetc%2Fpasswd", "reviews.safetensors", "..", "%2e%2e")) {
            Answer a = post("/api/v1/" + trick + "/predict", "{\"text\": \"good\"}");
            assertTrue(a.status() == 404 || a.status() == 400, trick + " → " + a.status() + " " + a.body());
            assertTrue(a.body().has("error") && a.contentType().startsWith("application/json"), trick + ": " + a.body());
        }
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/../../etc/passwd")).GET()), 404, "no such page");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/samples/..%2f..%2fg2p.safetensors")).GET()), 404, "no sample named");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/generate?beam=10")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofString("this is not an image"))), 415, "expected an image");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/generate?beam=10000")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofFile(dir.resolve("models/scenes.samples/scene-00301.png")))), 400, "\"beam\" must be an integer");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/predict")).header("Content-Type", "multipart/form-data; boundary=zz")
                .POST(HttpRequest.BodyPublishers.ofString("--zz\r\nbroken"))), 400, "multipart form could not be read");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reviews/predict")).GET()), 405, "not allowed");
        refused(send(HttpRequest.newBuilder(URI.create(base + "/no/such/page")).GET()), 404, "no such page");
    }

    @Test
    void serveRefusesBadOptionsInOneLine() throws Exception {
        Cli.refused(Cli.run(dir, null, "serve", "--models", dir.resolve("none").toString()), "no such folder");
        Cli.refused(Cli.run(dir, null, "serve", "--models", dir.resolve("scenes").toString()), "no model file written by rnn4j train");
        Cli.refused(Cli.run(dir, null, "serve", "--models", dir.resolve("models").toString(), "--port", "70000"), "--port");
        String port = base.substring(base.lastIndexOf(':') + 1);
        Cli.Run taken = Cli.run(dir, null, "serve", "--models", dir.resolve("models").toString(), "--port", port);      // after the notice of the skipped link
        assertEquals(2, taken.exit(), taken.toString());
        assertTrue(taken.err().strip().endsWith("rnn4j: 127.0.0.1:" + port + " is in use or cannot be bound; choose another --port or --host"), taken.toString());
    }

    /** Concurrent requests on the same models get exactly the answers they get one at a time. */
    @Test
    void concurrentRequestsGetTheSameAnswersAsSequentialOnes() throws Exception {
        List<String> texts = List.of("movie was good", "movie was not good", "bad movie", "good good movie", "was the movie bad", "movie");
        List<String> expected = new ArrayList<>();
        for (String t : texts) expected.add(ok("/api/v1/reviews/visualise", JSON.createObjectNode().put("text", t).toString()).toString());
        String g2p = ok("/api/v1/g2p/visualise", "{\"text\": \"tack\"}").toString();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < texts.size(); i++) {
                    int k = i;
                    results.add(pool.submit((Callable<Boolean>) () ->
                            expected.get(k).equals(ok("/api/v1/reviews/visualise", JSON.createObjectNode().put("text", texts.get(k)).toString()).toString())));
                }
                results.add(pool.submit((Callable<Boolean>) () -> g2p.equals(ok("/api/v1/g2p/visualise", "{\"text\": \"tack\"}").toString())));
            }
            for (Future<Boolean> f : results) assertTrue(f.get(120, TimeUnit.SECONDS), "a concurrent answer differed from the sequential one");
        } finally {
            pool.shutdownNow();
        }
    }
}
