package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.tensor.Precision;

/**
 * Dynamic batching: 400 predictions sent by 48 concurrent clients to a server that batches get, each, exactly the
 * answer (the same JSON, every probability's digits) a server that computes each request alone gives; they were
 * computed in batches of more than one; bad lines inside a batch get their own 400 and leave the others alone.
 */
class BatchingTest {
    @TempDir static Path dir;
    static DemoServer batched, alone;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static List<String> texts;

    static final Path DATA = Path.of("../examples/data/reviews.tsv");

    @BeforeAll
    static void start() throws Exception {
        train(dir);
        texts = new ArrayList<>();
        for (String line : Files.readAllLines(DATA)) texts.add(line.substring(line.indexOf('\t') + 1));
        batched = server(dir, new Batching(64, Duration.ofMillis(5)));
        alone = server(dir, Batching.OFF);
    }

    /** A small classifier of the bundled reviews, {@code reviews.safetensors} in {@code dir}, trained in a second. */
    static void train(Path dir) {
        int rc = new picocli.CommandLine(new org.rnn4j.cli.Main()).execute("train", "--task", "classify", "--train", DATA.toString(), "--model",
                dir.resolve("reviews.safetensors").toString(), "--epochs", "3", "--hidden", "16", "--embedding", "8", "--no-report");
        assertEquals(0, rc);
    }

    /** A server of the models in {@code dir} on a free port: 2 workers, a queue of 1,000, 60 s. */
    static DemoServer server(Path dir, Batching batching) throws Exception {
        Limits limits = new Limits(2, 1000, 1 << 20, 10_000, 100, 10, Duration.ofSeconds(60));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return DemoServer.start(Catalog.load(dir, 2, Precision.FLOAT32, quiet), limits, batching, new Sessions(3, Duration.ofSeconds(2)), "127.0.0.1", 0, quiet);
    }

    @AfterAll
    static void stop() throws Exception {
        batched.close();
        alone.close();
    }

    static HttpResponse<String> post(DemoServer server, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/reviews/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String body(String text) {
        return "{\"text\": " + org.rnn4j.serve.Json.MAPPER.valueToTree(text) + "}";
    }

    @Test
    void batchedAnswersAreTheAnswersOfEachRequestAlone() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String text = texts.get(i % texts.size()) + (i % 3 == 0 ? " really" : i % 3 == 1 ? "" : " not at all , the plot");
            String body = i % 50 == 7 ? "{\"text\": 42}" : body(text);                      // a bad request now and then, inside some batch
            sent.add(body);
            answers.add(clients.submit(() -> post(batched, body)));
        }
        for (int i = 0; i < sent.size(); i++) {
            HttpResponse<String> got = answers.get(i).get(), expected = post(alone, sent.get(i));
            assertEquals(expected.statusCode(), got.statusCode(), sent.get(i));
            assertEquals(expected.body(), got.body(), sent.get(i));
        }
        clients.shutdown();
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + batched.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double batches = value(metrics, "rnn4j_batch_size_count{model=\"reviews\"}"), rows = value(metrics, "rnn4j_batch_size_sum{model=\"reviews\"}");
        assertEquals(392, rows, "every readable request was predicted in some batch");
        assertTrue(batches < rows / 2, "requests were gathered: " + batches + " batches for " + rows + " requests");
    }

    static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + metrics));
    }
}
