package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an attacker tried on {@code rnn4j serve}, each as it was reported: links out of the models folder, numbers
 * that are no float32, JSON that is not strict, an image that declares a billion pixels, request lines that are
 * not HTTP. Each is refused with a JSON error, and no file outside the folder is ever read.
 */
@Tag("process")
class ServerHostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String SECRET = "secret outside the models folder";
    private static Path dir;
    private static Cli.Server server;
    private static String base;
    private static int port;

    @BeforeAll
    static void trainAndServe() throws Exception {
        dir = Files.createTempDirectory("rnn4j-hostile-server");
        Path models = Files.createDirectories(dir.resolve("models"));
        train("--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", models.resolve("reviews.safetensors").toString());
        train("--task", "classify", "--train", Cli.data("gestures.jsonl").toString(), "--model", models.resolve("gestures.safetensors").toString());
        Path images = Files.createDirectories(dir.resolve("images"));
        StringBuilder captions = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            Files.write(images.resolve(i + ".png"), png(8 + i, 8));
            captions.append("images/").append(i).append(".png\t").append(i % 2 == 0 ? "a wide square" : "a square").append('\n');
        }
        Files.writeString(dir.resolve("pictures.tsv"), captions);
        train("--task", "caption", "--train", dir.resolve("pictures.tsv").toString(), "--model", models.resolve("pictures.safetensors").toString(),
                "--image-size", "8", "--filters", "4", "--cell", "gru");
        Path outside = Files.writeString(dir.resolve("outside.txt"), SECRET);
        Path outsideFolder = Files.createDirectories(dir.resolve("outside-folder"));
        Files.writeString(outsideFolder.resolve("y.png"), SECRET);
        Path samples = Files.createDirectories(models.resolve("reviews.samples"));
        Files.createSymbolicLink(samples.resolve("x.png"), outside);                       // a sample linked out of the folder
        Files.write(samples.resolve("inside.png"), png(2, 2));                              // a real sample, served
        Files.createSymbolicLink(Files.createDirectories(models.resolve("reviews.run")).resolve("report.json"), outside);   // a report linked out
        Files.createSymbolicLink(models.resolve("gestures.samples"), outsideFolder);        // a samples folder linked out

        server = Cli.serve(dir, models);
        base = server.base();
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static void train(String... args) throws Exception {
        String[] all = new String[args.length + 8];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--epochs", "1", "--hidden", "8", "--embedding", "8", "--no-report"}, 0, all, args.length + 1, 7);
        Cli.Run r = Cli.run(dir, null, all);
        if (r.exit() != 0) throw new AssertionError(r.toString());
    }

    record Answer(int status, String body, String contentType) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    private static Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static Answer post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void refused(Answer a, int status, String says) throws IOException {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.contentType().startsWith("application/json"), a.contentType());
        assertFalse(a.body().contains(SECRET), "the outside file leaked: " + a.body());
        assertTrue(a.json().path("error").asText().contains(says), "expected the error to say \"" + says + "\": " + a.body());
    }

    @Test
    void noFileOutsideTheFolderIsServed() throws Exception {
        refused(get("/api/v1/reviews/samples/x.png"), 404, "no sample named 'x.png'");
        refused(get("/api/v1/reviews/report"), 404, "has no training report");
        refused(get("/api/v1/gestures/samples/y.png"), 404, "no sample named 'y.png'");
        assertEquals("[\"inside.png\"]", get("/api/v1/reviews/samples").json().get("samples").toString(), "only the sample inside is listed");
        assertEquals("[]", get("/api/v1/gestures/samples").json().get("samples").toString(), "a samples folder linked out is not listed");
        Answer inside = get("/api/v1/reviews/samples/inside.png");
        assertEquals(200, inside.status());
        assertEquals("image/png", inside.contentType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e39", "-1e39", "3.5e38", "1e400"})
    void numbersThatAreNoFloat32AreRefused(String number) throws Exception {
        String steps = "[0.1, 0.2, 0.3], ".repeat(5);
        refused(post("/api/v1/gestures/predict", "{\"x\": [" + steps + "[1, " + number + ", 0]]}"), 400, "finite float32");
        assertEquals(200, post("/api/v1/gestures/predict", "{\"x\": [" + steps + "[1, 3.3e38, 0]]}").status(), "the largest float32s are numbers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"a\",\"text\":\"b\"}", "{\"text\":\"a\"} x", "{\"text\":\"a\"}{\"text\":\"b\"}", "{\"text\":\"a\",}", "{'text':'a'}",
            "{\"text\":\"a\"} // note", "{\"text\":NaN}"})
    void jsonThatIsNotStrictIsRefused(String body) throws Exception {
        refused(post("/api/v1/reviews/predict", body), 400, "malformed JSON");
    }

    @Test
    void anImageDeclaringTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
        byte[] bomb = png(20000, 20000);
        assertTrue(bomb.length < 100_000, "a small file: " + bomb.length);
        refused(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/pictures/predict")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bomb))), 413, "declares 400000000 pixels");
        Answer small = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/pictures/predict")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png(8, 8))));
        assertEquals(200, small.status(), small.body());
        Path file = Files.write(dir.resolve("bomb.png"), bomb);                // the command line: exit 2, before decoding
        Cli.refused(Cli.run(dir, file + "\n", "predict", "--model", dir.resolve("models/pictures.safetensors").toString()), "declares 400000000 pixels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO WORLD\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/3.7\r\n\r\n", "\u0001\u0002\u0003 garbage\r\n\r\n"})
    void garbageRequestLinesGetJsonErrors(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertTrue(head.matches("(?s)HTTP/1\\.1 (400|505) .*"), answer);
            assertTrue(head.toLowerCase().contains("content-type: application/json"), answer);
            assertTrue(JSON.readTree(body).path("error").asText().contains("could not be read as HTTP/1.1"), answer);
        }
    }

    /** A valid PNG of one colour: its header declares width × height; the pixels are one compressed run. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});                                    // 8-bit greyscale
        chunk(out, "IHDR", ihdr.toByteArray());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        deflater.setInput(new byte[(int) Math.min((long) height * (width + 1), 1 << 16)]);    // a bomb's pixels are cut short: its header is what counts
        deflater.finish();
        while (!deflater.finished()) idat.write(buf, 0, deflater.deflate(buf));
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
