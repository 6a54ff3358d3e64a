package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming sessions: a classifier fed a text in pieces answers what predict answers for the whole text; a language
 * model fed in pieces gives the next tokens it gives when fed at once; at most 3 sessions open (429), an idle one
 * expires (404), a closed one is gone.
 */
class SessionsTest {
    @TempDir Path dir;

    @Test
    void sessionsKeepTheStateBetweenPiecesWithinTheirLimits() throws Exception {
        BatchingTest.train(dir);
        int rc = new picocli.CommandLine(new org.rnn4j.cli.Main()).execute("train", "--task", "lm", "--train", "../examples/data/sentences.txt", "--model",
                dir.resolve("sentences.safetensors").toString(), "--epochs", "1", "--hidden", "16", "--embedding", "8", "--no-report");
        assertEquals(0, rc);
        try (DemoServer server = BatchingTest.server(dir, new Batching(8, Duration.ZERO))) {
            String review = open(server, "reviews");
            assertEquals(3, step(server, "reviews", review, "the acting was").path("steps").asInt());
            JsonNode streamed = step(server, "reviews", review, "not bad");
            assertEquals(5, streamed.path("steps").asInt());
            JsonNode whole = Json.MAPPER.readTree(BatchingTest.post(server, BatchingTest.body("the acting was not bad")).body());
            assertEquals(whole, streamed.path("prediction"));

            String pieces = open(server, "sentences"), atOnce = open(server, "sentences");
            step(server, "sentences", pieces, "the old ");
            JsonNode a = step(server, "sentences", pieces, "man"), b = step(server, "sentences", atOnce, "the old man");
            assertEquals(b.path("steps").asInt(), a.path("steps").asInt(), "the same text read");
            assertEquals(b.path("next").size(), a.path("next").size());
            for (int i = 0; i < a.path("next").size(); i++) {
                assertEquals(b.path("next").get(i).path("token"), a.path("next").get(i).path("token"));
                assertEquals(b.path("next").get(i).path("probability").asDouble(), a.path("next").get(i).path("probability").asDouble(), 1e-6);
            }

            assertEquals(429, request(server, "POST", "/api/v1/reviews/sessions", "").statusCode(), "a 4th session");
            assertEquals(204, request(server, "DELETE", "/api/v1/sentences/sessions/" + atOnce, "").statusCode());
            assertEquals(404, request(server, "POST", "/api/v1/sentences/sessions/" + atOnce + "/steps", "{\"text\": \"and\"}").statusCode());
            Thread.sleep(3500);                                                   // idle for longer than 2 s
            assertEquals(404, request(server, "POST", "/api/v1/reviews/sessions/" + review + "/steps", BatchingTest.body("really")).statusCode());
            assertTrue(open(server, "reviews").length() > 10, "room again after the idle sessions expired");
        }
    }

    /**
     * A language model's session, sent a sentence in pieces of 1 to 6 characters, answers after each piece the
     * completions {@code complete} gives for the whole text so far: a character model, and a word model, whose
     * session holds back the word being typed until a space or more text ends it.
     */
    @Test
    void sessionsCompleteAsCompleteDoesAfterEveryPiece() throws Exception {
        for (String tokens : List.of("CHARS", "WORDS")) {
            int rc = new picocli.CommandLine(new org.rnn4j.cli.Main()).execute("train", "--task", "lm", "--tokens", tokens, "--train", "../examples/data/sentences.txt",
                    "--model", dir.resolve("lm-" + tokens.toLowerCase() + ".safetensors").toString(), "--epochs", "1", "--hidden", "16", "--embedding", "8", "--no-report");
            assertEquals(0, rc);
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        try (DemoServer server = BatchingTest.server(dir, new Batching(8, Duration.ZERO))) {
            for (String model : List.of("lm-chars", "lm-words")) {
                for (String sentence : List.of("the old man sat on the mat", "my friend, the cat, ran away .")) {
                    String id = open(server, model), sent = "";
                    int checked = 0;
                    for (int i = 0; i < sentence.length(); ) {
                        String piece = sentence.substring(i, Math.min(sentence.length(), i + 1 + rng.nextInt(6)));
                        i += piece.length();
                        sent += piece;
                        HttpResponse<String> r = request(server, "POST", "/api/v1/" + model + "/sessions/" + id + "/steps",
                                "{\"text\": " + Json.MAPPER.valueToTree(piece) + ", \"count\": 3}");
                        assertEquals(200, r.statusCode(), r.body());
                        JsonNode got = Json.MAPPER.readTree(r.body()).path("completions");
                        JsonNode whole = Json.MAPPER.readTree(request(server, "POST", "/api/v1/" + model + "/complete",
                                "{\"text\": " + Json.MAPPER.valueToTree(sent) + ", \"count\": 3}").body()).path("completions");
                        assertEquals(whole.size(), got.size(), model + " after \"" + sent + "\": " + got + " against " + whole);
                        for (int k = 0; k < got.size(); k++) {
                            assertEquals(whole.get(k).path("word"), got.get(k).path("word"), model + " after \"" + sent + "\"");
                            assertEquals(whole.get(k).path("text"), got.get(k).path("text"));
                            assertEquals(whole.get(k).path("probability").asDouble(), got.get(k).path("probability").asDouble(), 1e-6);
                        }
                        checked += got.size();
                    }
                    assertTrue(checked > 10, model + ": completions were compared (" + checked + ")");
                    assertEquals(204, request(server, "DELETE", "/api/v1/" + model + "/sessions/" + id, "").statusCode());
                }
            }
        }
    }

    static String open(DemoServer s, String model) throws Exception {
        HttpResponse<String> r = request(s, "POST", "/api/v1/" + model + "/sessions", "");
        assertEquals(201, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).path("session").asText();
    }

    static JsonNode step(DemoServer s, String model, String id, String text) throws Exception {
        HttpResponse<String> r = request(s, "POST", "/api/v1/" + model + "/sessions/" + id + "/steps", BatchingTest.body(text));
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    static HttpResponse<String> request(DemoServer s, String method, String path, String body) throws Exception {
        return BatchingTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
