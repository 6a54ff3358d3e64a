package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completions batched across requests: 240 completions of random prefixes (empty, mid-word, after a space, longer
 * than the kept look-back) sent by 32 concurrent clients to a server that reads their steps together get the
 * completions (words, texts, every probability's digits) a server that completes each request alone gives, and
 * their reads were gathered into batches of several requests.
 */
class CompleteBatchingTest {
    @TempDir Path dir;

    @Test
    void batchedCompletionsAreTheCompletionsOfEachRequestAlone() throws Exception {
        int rc = new picocli.CommandLine(new org.rnn4j.cli.Main()).execute("train", "--task", "lm", "--train", "../examples/data/sentences.txt", "--model",
                dir.resolve("sentences.safetensors").toString(), "--epochs", "1", "--hidden", "24", "--embedding", "8", "--no-report");
        assertEquals(0, rc);
        List<String> lines = Files.readAllLines(Path.of("../examples/data/sentences.txt"));
        SplittableRandom rng = new SplittableRandom(7);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String line = lines.get(rng.nextInt(lines.size()));
            String text = i % 40 == 0 ? "" : i % 40 == 1 ? (line + " ").repeat(4) : line.substring(0, rng.nextInt(line.length() + 1));
            sent.add("{\"text\": " + Json.MAPPER.valueToTree(text) + ", \"count\": " + (1 + i % 4) + "}");
        }
        try (DemoServer batched = BatchingTest.server(dir, new Batching(16, Duration.ZERO)); DemoServer alone = BatchingTest.server(dir, Batching.OFF)) {
            ExecutorService clients = Executors.newFixedThreadPool(32);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String body : sent) answers.add(clients.submit(() -> post(batched, body)));
            for (int i = 0; i < sent.size(); i++) {
                HttpResponse<String> got = answers.get(i).get(), expected = post(alone, sent.get(i));
                assertEquals(200, got.statusCode(), got.body());
                assertEquals(completions(expected.body()), completions(got.body()), sent.get(i));
            }
            clients.shutdown();
            String metrics = BatchingTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + batched.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double batches = BatchingTest.value(metrics, "rnn4j_read_batch_size_count{model=\"sentences\"}"), reads = BatchingTest.value(metrics, "rnn4j_read_batch_size_sum{model=\"sentences\"}");
            assertTrue(reads > sent.size(), "each completion reads its text, then its beam's steps: " + reads + " reads");
            assertTrue(batches < reads / 2, "reads of concurrent completions were gathered: " + batches + " batches for " + reads + " reads");
        }
    }

    /** The answer without {@code reused_tokens}, which depends on what the server read before. */
    private static ObjectNode completions(String body) throws Exception {
        ObjectNode out = (ObjectNode) Json.MAPPER.readTree(body);
        out.remove("reused_tokens");
        return out;
    }

    private static HttpResponse<String> post(DemoServer server, String body) throws Exception {
        return BatchingTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/sentences/complete"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
