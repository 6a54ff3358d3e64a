package org.rnn4j.serve;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code rnn4j serve}: the demo page (static files from the jar) and the JSON API on Javalin (Jetty). Every answer
 * to a refused request is JSON with an "error" message and a 4xx status, and the log has one line per request.
 */
public final class DemoServer implements AutoCloseable {
    private final Javalin app;
    private final RequestPool workers;
    private final Api api;
    private final Path uploads;
    private final java.util.concurrent.ScheduledExecutorService reloader = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rnn4j-reload");
        t.setDaemon(true);
        return t;
    });

    private DemoServer(Javalin app, RequestPool workers, Api api, Path uploads) {
        this.app = app;
        this.workers = workers;
        this.api = api;
        this.uploads = uploads;
    }

    /**
     * Starts serving {@code catalog} on {@code host:port} (port 0: any free port), logging to {@code log}.
     *
     * @param batching how concurrent predictions of a model are gathered into batches ({@link Batching#OFF}: each alone)
     * @param sessions the streaming sessions' limits
     */
    public static DemoServer start(Catalog catalog, Limits limits, Batching batching, Sessions sessions, String host, int port, PrintStream log) throws IOException {
        RequestPool workers = new RequestPool(limits);
        Path uploads = Files.createTempDirectory("rnn4j-uploads-");
        Api api = new Api(catalog, limits, batching, sessions, workers, uploads);
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.http.maxRequestSize = limits.maxBody();
            config.http.prefer405over404 = true;
            config.jetty.multipartConfig.maxFileSize(limits.maxBody(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(limits.maxBody(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, limits.maxBody()), SizeUnit.BYTES);
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            config.routes.get("/health", api::health);
            config.routes.get("/health/live", api::live);
            config.routes.get("/health/ready", api::ready);
            config.routes.get("/metrics", api::metrics);
            config.routes.before("/api/*", api::admit);
            config.routes.post("/api/v1/{model}/sessions", api::openSession);
            config.routes.post("/api/v1/{model}/sessions/{id}/steps", api::sessionStep);
            config.routes.delete("/api/v1/{model}/sessions/{id}", api::closeSession);
            config.routes.get("/api/v1/models", api::models);
            config.routes.post("/api/v1/{model}/predict", api::predict);
            config.routes.post("/api/v1/{model}/generate", api::generate);
            config.routes.post("/api/v1/{model}/complete", api::complete);
            config.routes.post("/api/v1/{model}/visualise", api::visualise);
            config.routes.get("/api/v1/{model}/report", api::report);
            config.routes.get("/api/v1/{model}/samples", api::samples);
            config.routes.get("/api/v1/{model}/samples/{file}", api::sample);
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                ApiError a = Errors.of(e);
                if (a.status() >= 500) log.println("rnn4j serve: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                error(ctx, a.status(), a.getMessage());
            });
            config.routes.error(404, ctx -> {
                if (!isJson(ctx)) error(ctx, 404, "no such page or endpoint: " + ctx.method() + " " + Json.clip(ctx.path(), 200));
            });
            config.routes.error(405, ctx -> {
                if (!isJson(ctx)) error(ctx, 405, ctx.method() + " is not allowed on " + Json.clip(ctx.path(), 200));
            });
            config.routes.error(413, ctx -> {
                if (!isJson(ctx)) error(ctx, 413, "the request body is larger than the limit of " + limits.maxBody() + " bytes");
            });
            config.requestLogger.http((ctx, ms) -> {
                api.answered(ctx, ms);
                log.printf("%s %s %s %s %d %.1f ms%n", Instant.now(), ctx.req().getRemoteAddr(), ctx.method(), Json.clip(ctx.path(), 200), ctx.status().getCode(), ms);
            });
        });
        DemoServer server = new DemoServer(app, workers, api, uploads);
        server.reloader.scheduleWithFixedDelay(() -> {
            try {
                api.reload(log);
                sessions.expire();
            } catch (IOException | RuntimeException e) {
                log.println("rnn4j serve: cannot read the models folder: " + e.getMessage());
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try {
            app.start();
        } catch (JavalinBindException e) {
            server.close();
            throw new IllegalArgumentException(host + ":" + port + " is in use or cannot be bound; choose another --port or --host");
        }
        return server;
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status);
        Api.send(ctx, Json.MAPPER.createObjectNode().put("error", message == null ? "error" : message));
    }

    public int port() { return app.port(); }

    /**
     * Stops taking requests ({@code /health/ready} and new API requests answer 503) and waits up to {@code timeout}
     * for the requests in flight to be answered; true when they all were.
     */
    public boolean drain(java.time.Duration timeout) throws InterruptedException {
        return api.drain(timeout);
    }

    @Override
    public void close() throws IOException {
        reloader.shutdownNow();
        app.stop();
        api.close();
        workers.close();
        try (Stream<Path> s = Files.walk(uploads)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
