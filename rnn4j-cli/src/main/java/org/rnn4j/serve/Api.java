package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.task.Application;
import org.rnn4j.task.Encoder;
import org.rnn4j.task.Generating;

/**
 * The JSON API: {@code GET /health}, {@code /health/live}, {@code /health/ready}, {@code /metrics},
 * {@code GET /api/v1/models}, and per model {@code predict}, {@code generate}, {@code complete}, {@code visualise}
 * and {@code report}. Bodies are read here, on the HTTP thread, within the limits; the model work runs on
 * {@link RequestPool}, each job on a replica of its own, or for predictions gathered into batches on the model's
 * {@link Batcher}.
 */
final class Api {
    private final Catalog catalog;
    private final Limits limits;
    private final RequestPool workers;
    private final Path uploads;
    private final Batchers batchers;
    private final Metrics metrics;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean draining;

    private final Sessions sessions;

    Api(Catalog catalog, Limits limits, Batching batching, Sessions sessions, RequestPool workers, Path uploads) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.limits = limits;
        this.workers = workers;
        this.uploads = uploads;
        this.metrics = new Metrics(workers::running, this::waiting);
        this.batchers = new Batchers(batching, limits, metrics);
        for (Served s : catalog.all()) metrics.loaded(s.name(), s.loadSeconds());
    }

    /** Loads the model files that changed ({@link Catalog#reload}); requests from now on use the new models. */
    void reload(PrintStream log) throws IOException {
        for (String name : catalog.reload(log)) metrics.loaded(name, catalog.get(name).loadSeconds());
    }

    /** Requests waiting for a worker or a batch. */
    private int waiting() {
        return workers.waiting() + batchers.waiting();
    }

    /** Before every API request: counted in flight, and refused while the server drains. */
    void admit(Context ctx) {
        inFlight.incrementAndGet();
        if (draining) throw new ApiError(503, "the server is shutting down");
    }

    /** After every request (the request log): the metrics, and an API request is no longer in flight. */
    void answered(Context ctx, float ms) {
        if (ctx.path().startsWith("/api/")) inFlight.decrementAndGet();
        String endpoint;
        try {
            var e = ctx.endpoints().lastHttpEndpoint();
            endpoint = e == null ? "other" : e.path;
        } catch (RuntimeException e) {
            endpoint = "other";
        }
        String named = ctx.pathParamMap().getOrDefault("model", "");
        boolean known = named.isEmpty() || catalog.all().stream().anyMatch(s -> s.name().equals(named));
        metrics.request(known ? named : "unknown", endpoint, ctx.status().getCode(), ms / 1000.0);      // the label's values stay the catalog's
    }

    /** {@code POST /api/v1/<model>/sessions}: a new streaming session, 201 with its id. */
    void openSession(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        String id = workers.run(() -> sessions.open(s));
        ctx.status(201);
        send(ctx, Json.MAPPER.createObjectNode().put("session", id).put("model", s.name()));
    }

    /** {@code POST /api/v1/<model>/sessions/<id>/steps}: more input, as predict takes it; the outputs after it. */
    void sessionStep(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        ObjectNode body = json(ctx, s);
        boolean writes = (Object) s.task() instanceof org.rnn4j.task.LanguageModelTask;
        String text = writes ? orEmpty(Json.text(body, "text", false, limits.maxInput())) : null, line = writes ? null : Lines.of(s.task(), body, limits);
        int count = writes ? Json.integer(body, "count", 0, 0, limits.maxBeam()) : 0;
        Completer completer = batchers.completer(s);
        send(ctx, workers.run(() -> sessions.step(s, ctx.pathParam("id"), line, text, completer, count)));
    }

    /** {@code DELETE /api/v1/<model>/sessions/<id>}: 204, or 404 for no such session. */
    void closeSession(Context ctx) {
        catalog.get(ctx.pathParam("model"));
        if (!sessions.close(ctx.pathParam("id"))) throw new ApiError(404, "no open session '" + Json.clip(ctx.pathParam("id"), 80) + "'");
        ctx.status(204);
    }

    /** {@code GET /health/live}: the process answers. */
    void live(Context ctx) {
        send(ctx, Json.MAPPER.createObjectNode().put("status", "live"));
    }

    /**
     * {@code GET /health/ready}: 200 when every model is loaded and a request would be taken; 503 while the queue is
     * full or the server is shutting down.
     */
    void ready(Context ctx) {
        String why = draining ? "shutting down" : catalog.all().isEmpty() ? "no model is served" : workers.running() >= limits.workers() && waiting() >= Math.max(1, limits.queue()) ? "the queue is full" : null;
        ctx.status(why == null ? 200 : 503);
        send(ctx, Json.MAPPER.createObjectNode().put("status", why == null ? "ready" : why).put("models", catalog.all().size())
                .put("running", workers.running()).put("waiting", waiting()));
    }

    /** {@code GET /metrics}: Prometheus' text format. */
    void metrics(Context ctx) {
        ctx.contentType(Metrics.CONTENT_TYPE);
        ctx.result(metrics.scrape());
    }

    /** See {@link DemoServer#drain}. */
    boolean drain(java.time.Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        return inFlight.get() == 0;
    }

    void close() {
        batchers.close();
    }

    void health(Context ctx) {
        send(ctx, Json.MAPPER.createObjectNode().put("status", "ok").put("models", catalog.all().size())
                .put("running", workers.running()).put("waiting", workers.waiting()));
    }

    void models(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("models");
        catalog.all().forEach(s -> {
            ObjectNode m = s.describe();
            if (catalog.error(s.name()) != null) m.put("reload_error", catalog.error(s.name()));
            list.add(m);
        });
        send(ctx, out);
    }

    /** The prediction {@code rnn4j predict --json} prints for the same input. */
    void predict(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        if (isImageModel(s)) {
            byte[] image = image(ctx);
            send(ctx, withImage(image, path -> workers.run(() -> s.use(tm -> tm.task().predict(tm.model(), path, Views.REQUEST, 1)))));
            return;
        }
        String line = Lines.of(s.task(), json(ctx, s), limits);
        Batcher<String, ObjectNode> batcher = batchers.predictor(s);
        send(ctx, batcher != null ? batcher.submit(line, System.nanoTime() + limits.timeout().toNanos()) : workers.run(() -> s.use(tm -> tm.task().predict(tm.model(), line, Views.REQUEST, 1))));
    }

    /**
     * Generated texts, best first: a language model continues {"prompt"}, a seq2seq model translates {"text"}, a
     * captioner describes the uploaded image (or the JSON {"x"} of a feature-vector model). Options, as JSON
     * fields or query parameters ({@code ?beam=5}; both at once must agree): length, beam, or temperature and top_k
     * for sampling (with seed); greedy when none is given.
     */
    void generate(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        if (!(s.task() instanceof Generating<Object, Object, ?> g)) throw ApiError.badRequest("model '" + s.name() + "' does not generate; use predict");
        ObjectNode options;
        String input;
        byte[] image = isImageModel(s) ? image(ctx) : null;
        if (image != null) {
            options = Json.MAPPER.createObjectNode();
            input = null;
        } else {
            options = json(ctx, s);
            input = s.app() == Application.COMPLETE ? orEmpty(Json.text(options, "prompt", false, limits.maxInput())) : Lines.of(s.task(), options, limits);
        }
        for (String key : ctx.queryParamMap().keySet()) {
            if (!DECODING.contains(key)) throw ApiError.badRequest("unknown query parameter \"" + Json.clip(key, 40) + "\"; generate takes " + DECODING);
            JsonNode v = number(key, ctx.queryParam(key));
            if (options.has(key) && !options.get(key).equals(v)) throw ApiError.badRequest("\"" + key + "\" is " + options.get(key) + " in the body and " + v + " in the query; give it once");
            options.set(key, v);
        }
        int length = Json.integer(options, "length", Math.min(g.maxLength(), limits.maxLength()), 1, limits.maxLength());
        int beam = Json.integer(options, "beam", 0, 0, limits.maxBeam());
        Double temperature = Json.positive(options, "temperature", 100);
        int topK = Json.integer(options, "top_k", 0, 0, 1_000_000);
        if (beam > 0 && (temperature != null || options.has("top_k"))) throw ApiError.badRequest("\"beam\" searches; \"temperature\" and \"top_k\" shape sampling. Give one way to decode");
        Decoding.Strategy strategy = beam > 0 ? new Decoding.Beam(beam, 1.0)
                : temperature != null || options.has("top_k") ? new Decoding.Sample(temperature == null ? 1.0 : temperature, topK) : new Decoding.Greedy();
        long seed = options.has("seed") ? Json.integer(options, "seed", 0, 0, Integer.MAX_VALUE) : System.nanoTime();
        java.util.function.Function<String, ObjectNode> job = in -> workers.run(() -> s.use(tm -> {
            @SuppressWarnings("unchecked")
            Generating<Object, Object, org.rnn4j.model.Model<Object, Object>> gen = (Generating<Object, Object, org.rnn4j.model.Model<Object, Object>>) tm.task();
            ObjectNode out = Json.MAPPER.createObjectNode();
            ArrayNode list = out.putArray("candidates");
            for (Generating.Text t : gen.generate(tm.model(), in, strategy, length, new SplittableRandom(seed))) {
                list.addObject().put("text", image == null ? gen.show(in, t.text()) : t.text()).put("generated", t.text())
                        .put("score", t.score()).put("log_prob", t.logProb()).put("finished", t.finished());
            }
            return out;
        }));
        send(ctx, image != null ? withImage(image, job) : job.apply(input));
    }

    /** The likeliest ends of the word being typed, or next words, from a language model: {"text", "count"}. */
    void complete(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        Completer completer = batchers.completer(s);
        if (completer == null) throw ApiError.badRequest("model '" + s.name() + "' is not a language model; only those complete text");
        ObjectNode body = Json.object(Json.bytes(ctx.bodyInputStream(), limits.maxBody()));
        String text = Json.text(body, "text", true, limits.maxInput());
        int count = Json.integer(body, "count", 3, 1, limits.maxBeam());
        send(ctx, batchers.on() ? batchers.complete(s, reader -> completer.complete(reader, text, count))
                : workers.run(() -> s.use(tm -> completer.complete(((ManyToMany) (Object) tm.model())::read, text, count))));
    }

    /** The prediction with the tokens, hidden states, per-token predictions and attention ({@link Views}). */
    void visualise(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        String line = Lines.of(s.task(), json(ctx, s), limits);
        send(ctx, workers.run(() -> s.use(tm -> Views.of(tm, line))));
    }

    /** The training report's numbers ({@code NAME.run/report.json} beside the model): loss, metric and gradient flow. */
    void report(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        Path report = Catalog.report(s.file());
        if (report == null) throw new ApiError(404, "model '" + s.name() + "' has no training report (" + s.name() + ".run/report.json) beside it");
        try {
            send(ctx, Json.MAPPER.readTree(report.toFile()));
        } catch (IOException e) {
            throw new ApiError(404, "the training report of '" + s.name() + "' cannot be read: " + e.getMessage());
        }
    }

    /** The sample images beside a model ({@code NAME.samples/}), by file name. */
    void samples(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("samples");
        Catalog.samples(s.file()).keySet().forEach(list::add);
        send(ctx, out);
    }

    /** One sample image, named as {@link #samples} lists it; no other file can be asked for. */
    void sample(Context ctx) {
        Served s = catalog.get(ctx.pathParam("model"));
        Path file = Catalog.samples(s.file()).get(ctx.pathParam("file"));
        if (file == null) throw new ApiError(404, "model '" + s.name() + "' has no sample named '" + Json.clip(ctx.pathParam("file"), 80) + "'");
        try {
            ctx.contentType(file.toString().endsWith(".png") ? "image/png" : "image/jpeg").result(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ApiError(404, "sample '" + file.getFileName() + "' cannot be read");
        }
    }

    /** What generate takes as options. */
    private static final List<String> DECODING = List.of("length", "beam", "temperature", "top_k", "seed");

    /**
     * The JSON body of a request to a model that reads JSON; an image or a multipart form sent to it (a captioner
     * of feature vectors, say) is refused, naming what it reads instead.
     */
    private ObjectNode json(Context ctx, Served s) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("image/") || type.startsWith("multipart/")) {
            throw ApiError.unsupportedMediaType("model '" + s.name() + "' reads JSON (" + (s.app() == Application.CAPTION ? "{\"x\": [...]}, its feature vector" : "see GET /api/v1/models")
                    + "), not " + (type.startsWith("image/") ? "an image" : "a multipart form") + " (" + Json.clip(type, 60) + ")");
        }
        return Json.object(Json.bytes(ctx.bodyInputStream(), limits.maxBody()));
    }

    private static boolean isImageModel(Served s) {
        return s.task().readsImages();
    }

    /** An uploaded image: the request body, or the first file of a multipart form ({@code curl -F image=@scene.png}). */
    private byte[] image(Context ctx) {
        if (!ctx.isMultipartFormData()) return Json.bytes(ctx.bodyInputStream(), limits.maxBody());
        if (ctx.contentLength() > limits.maxBody()) throw ApiError.tooLarge("the request body is larger than the limit of " + limits.maxBody() + " bytes");
        List<io.javalin.http.UploadedFile> files;
        try {
            files = ctx.uploadedFiles();
        } catch (Exception e) {                   // the servlet layer's checked ServletException, thrown through Kotlin
            Throwable inner = e;
            while (inner.getCause() != null) inner = inner.getCause();
            throw ApiError.badRequest("the multipart form could not be read: " + Json.clip(inner.getMessage(), 200) + " (at most " + limits.maxBody() + " bytes)");
        }
        if (files.isEmpty()) throw ApiError.badRequest("the multipart form has no file; send the image as a file part (curl -F image=@scene.png) or as the body");
        return Json.bytes(files.get(0).content(), limits.maxBody());
    }

    /** Runs {@code job} on an uploaded image, kept in a private file for the job's length only. */
    private ObjectNode withImage(byte[] image, java.util.function.Function<String, ObjectNode> job) {
        if (image.length == 0) throw ApiError.badRequest("expected an image in the request body (PNG, JPEG, GIF or BMP), found an empty body");
        if (!isImage(image)) throw new ApiError(415, "expected an image in the request body (PNG, JPEG, GIF or BMP); the body is none of these");
        Path file = null;
        try {
            file = Files.createTempFile(uploads, "upload-", ".img");
            Files.write(file, image);
            long pixels = org.rnn4j.data.Images.pixels(file);
            if (pixels > org.rnn4j.data.Images.MAX_PIXELS) {
                throw ApiError.tooLarge("the image declares " + pixels + " pixels, more than the limit of " + org.rnn4j.data.Images.MAX_PIXELS + " (4096 × 4096)");
            }
            return job.apply(file.toString());
        } catch (IOException e) {
            throw new ApiError(503, "the upload could not be stored: " + e.getMessage());
        } finally {
            if (file != null) try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover upload in the server's own temporary folder, removed when it stops
            }
        }
    }

    /** PNG, JPEG, GIF or BMP, by their first bytes. */
    private static boolean isImage(byte[] b) {
        return starts(b, 0x89, 'P', 'N', 'G') || starts(b, 0xFF, 0xD8, 0xFF) || starts(b, 'G', 'I', 'F', '8') || starts(b, 'B', 'M');
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
        return true;
    }

    private static JsonNode number(String key, String value) {
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            return n != null && n.isNumber() ? n : Json.MAPPER.getNodeFactory().textNode(value);
        } catch (IOException e) {
            throw ApiError.badRequest("query parameter " + key + " must be a number, found " + Json.clip(value, 40));
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static void send(Context ctx, JsonNode body) {
        ctx.contentType("application/json; charset=utf-8").result(body.toString());
    }
}
