package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo server the API and page tests share: nine small models trained once per test JVM (one of each app, a
 * classifier of number sequences, a translator of digits into words through subwords, a captioner of images with samples and one of vectors, and a link out of the
 * folder that must not be served), and {@code rnn4j serve} started on them as a separate process, stopped when the
 * JVM exits. Also the API calls as the page makes them.
 */
record DemoModels(Path dir, Cli.Server server) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static DemoModels shared;

    /** The one server of this JVM, trained and started on first use. */
    static synchronized DemoModels get() throws Exception {
        if (shared == null) shared = start();
        return shared;
    }

    String base() {
        return server.base();
    }

    List<String> log() {
        return server.log();
    }

    private static DemoModels start() throws Exception {
        Path dir = Files.createTempDirectory("rnn4j-demo");
        Path models = Files.createDirectories(dir.resolve("models"));
        train(dir, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", models.resolve("reviews.safetensors").toString(),
                "--hidden", "16", "--embedding", "8", "--epochs", "3");
        train(dir, "train", "--task", "classify", "--train", Cli.data("gestures.jsonl").toString(), "--model", models.resolve("gestures.safetensors").toString(),
                "--cell", "minlstm", "--hidden", "8", "--epochs", "2", "--no-report");
        train(dir, "train", "--task", "lm", "--train", Cli.data("sentences.txt").toString(), "--model", models.resolve("sentences.safetensors").toString(),
                "--hidden", "48", "--embedding", "16", "--epochs", "3", "--lr", "0.01", "--no-report");
        train(dir, "train", "--task", "tag", "--train", Cli.data("tags.conll").toString(), "--model", models.resolve("tags.safetensors").toString(),
                "--cell", "mingru", "--hidden", "16", "--embedding", "8", "--epochs", "2");
        StringBuilder g2p = new StringBuilder();
        String[][] words = {{"cat", "K AE T"}, {"bat", "B AE T"}, {"tab", "T AE B"}, {"tack", "T AE K"}, {"back", "B AE K"}, {"cab", "K AE B"}};
        for (int i = 0; i < 40; i++) for (String[] w : words) g2p.append(w[0]).append('\t').append(w[1]).append('\n');
        Files.writeString(dir.resolve("g2p.tsv"), g2p);
        train(dir, "train", "--task", "seq2seq", "--train", dir.resolve("g2p.tsv").toString(), "--model", models.resolve("g2p.safetensors").toString(),
                "--tokens", "chars", "--target-tokens", "split", "--attention", "general", "--hidden", "32", "--embedding", "16", "--epochs", "12", "--lr", "0.01",
                "--no-report");
        train(dir, "train", "--task", "seq2seq", "--train", Cli.data("numbers.tsv").toString(), "--model", models.resolve("numbers.safetensors").toString(),
                "--tokens", "bpe:300", "--hidden", "32", "--embedding", "16", "--epochs", "4", "--lr", "0.01", "--no-report");
        Path scenes = dir.resolve("scenes"), stories = dir.resolve("qa");
        generate(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "examples/captions/Scenes.java", scenes.toString(), "300", "20", "20", "3", "32");
        train(dir, "train", "--task", "caption", "--train", scenes.resolve("train.tsv").toString(), "--model", models.resolve("scenes.safetensors").toString(),
                "--image-size", "32", "--filters", "8,8", "--cell", "gru", "--hidden", "16", "--embedding", "8", "--epochs", "2", "--no-report");
        train(dir, "train", "--task", "caption", "--train", Cli.data("shapes.jsonl").toString(), "--model", models.resolve("shapes.safetensors").toString(),
                "--hidden", "16", "--embedding", "8", "--epochs", "2", "--no-report");
        Path samples = Files.createDirectories(models.resolve("scenes.samples"));
        for (String s : List.of("scene-00301.png", "scene-00302.png", "scene-00303.png")) Files.copy(scenes.resolve("images").resolve(s), samples.resolve(s));
        generate("python3", "examples/qa/make-stories.py", stories.toString(), "400", "20", "20", "3");
        train(dir, "train", "--task", "qa", "--train", stories.resolve("qa-train.tsv").toString(), "--model", models.resolve("stories.safetensors").toString(),
                "--hidden", "16", "--embedding", "8", "--epochs", "1", "--no-report");

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("linked.safetensors");
        Files.copy(models.resolve("reviews.safetensors"), elsewhere);
        Files.createSymbolicLink(models.resolve("linked.safetensors"), elsewhere);       // a link out of the folder: not served

        Cli.Server server = Cli.serve(dir, models);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return new DemoModels(dir, server);
    }

    private static void train(Path dir, String... args) throws Exception {
        Cli.Run r = Cli.run(dir, null, args);
        if (r.exit() != 0) throw new AssertionError(r.toString());
    }

    private static void generate(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(Cli.ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }

    /** An answer of the API: its status, JSON body and content type. */
    record Answer(int status, JsonNode body, String contentType) {}

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("Content-Type").orElse(""));
    }

    /** A request that must succeed: its body. */
    JsonNode ok(String path, String body) throws IOException, InterruptedException {
        Answer a = post(path, body);
        assertEquals(200, a.status(), path + ": " + a.body());
        return a.body();
    }

    /** A refusal: its status, a JSON body, and an error that says {@code says}. */
    static void refused(Answer a, int status, String says) {
        assertEquals(status, a.status(), a.body().toString());
        assertTrue(a.contentType().startsWith("application/json"), a.contentType());
        assertTrue(a.body().path("error").asText().contains(says), "expected the error to say \"" + says + "\": " + a.body());
    }
}
