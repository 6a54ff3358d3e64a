package org.rnn4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rnn4j.options.Bounds;
import org.rnn4j.serve.Batching;
import org.rnn4j.serve.Catalog;
import org.rnn4j.serve.DemoServer;
import org.rnn4j.serve.Limits;
import org.rnn4j.serve.Served;
import org.rnn4j.serve.Sessions;
import org.rnn4j.tensor.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j serve}: the demo site and JSON API for every model file in a folder. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the demo page and the JSON API for every model file (NAME.safetensors) in a folder.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--models", required = true, paramLabel = "DIR", description = "The folder of model files written by rnn4j train.") Path models;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only).") String host;
    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0: any free port).") int port;
    @Option(names = "--workers", defaultValue = "0", description = "Requests computed at once (0: the number of cores).") int workers;
    @Option(names = "--queue", defaultValue = "64", description = "Requests waiting for a worker; beyond them the answer is 503 (default ${DEFAULT-VALUE}).") int queue;
    @Option(names = "--max-body", defaultValue = "4194304", description = "Largest request body in bytes (default ${DEFAULT-VALUE}).") long maxBody;
    @Option(names = "--max-input", defaultValue = "20000", description = "Most characters of text, or numbers, in one request (default ${DEFAULT-VALUE}).") int maxInput;
    @Option(names = "--max-length", defaultValue = "500", description = "Most tokens one generation writes (default ${DEFAULT-VALUE}).") int maxLength;
    @Option(names = "--max-beam", defaultValue = "20", description = "Widest beam, and most completions, per request (default ${DEFAULT-VALUE}).") int maxBeam;
    @Option(names = "--timeout", defaultValue = "20", description = "Seconds a request may take before it is answered 503 (default ${DEFAULT-VALUE}).") int timeout;
    @Option(names = "--precision", defaultValue = "float32", description = "Weights in float32, bf16 or int8 for inference (default ${DEFAULT-VALUE}; a file quantized by rnn4j quantize keeps its own).", converter = PrecisionOption.class) Precision precision;
    @Option(names = "--max-batch", defaultValue = "16", description = "Most concurrent predictions of one model computed as one batch; 1: each alone (default ${DEFAULT-VALUE}).") int maxBatch;
    @Option(names = "--max-delay", defaultValue = "0", description = "Milliseconds a batch waits for more predictions after its first, while the model's other batches compute (default ${DEFAULT-VALUE}: it takes what is waiting and starts).") int maxDelay;
    @Option(names = "--max-sessions", defaultValue = "1000", description = "Streaming sessions open at once; beyond them opening one is answered 429 (default ${DEFAULT-VALUE}).") int maxSessions;
    @Option(names = "--session-idle", defaultValue = "300", description = "Seconds an unused streaming session stays open (default ${DEFAULT-VALUE}).") int sessionIdle;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin", "off");      // its start failures are reported by us, in one line
        Bounds.between("--port", port, 0, 65535);
        Bounds.between("--workers", workers, 0, 256);
        Bounds.between("--queue", queue, 0, 100_000);
        Bounds.between("--max-input", maxInput, 1, 10_000_000);
        Bounds.between("--max-length", maxLength, 1, 100_000);
        Bounds.between("--max-beam", maxBeam, 1, 1024);
        Bounds.between("--timeout", timeout, 1, 3600);
        if (maxBody < 1 || maxBody > (1L << 30)) throw new IllegalArgumentException("--max-body must be from 1 to " + (1L << 30) + " bytes, got " + maxBody);
        int n = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        Limits limits = new Limits(n, queue, maxBody, maxInput, maxLength, maxBeam, Duration.ofSeconds(timeout));
        Bounds.between("--max-batch", maxBatch, 1, 4096);
        Bounds.between("--max-delay", maxDelay, 0, 1000);
        Bounds.between("--max-sessions", maxSessions, 1, 1_000_000);
        Bounds.between("--session-idle", sessionIdle, 1, 86_400);
        Catalog catalog = Catalog.load(models, n, precision, System.err);
        try (DemoServer server = DemoServer.start(catalog, limits, new Batching(maxBatch, Duration.ofMillis(maxDelay)),
                new Sessions(maxSessions, Duration.ofSeconds(sessionIdle)), host, port, System.out)) {
            for (Served s : catalog.all()) System.out.println("rnn4j serve: " + s.name() + " (" + s.app().id() + ", " + s.metadata().getOrDefault("kind", "") + ", "
                    + s.precision().name().toLowerCase(java.util.Locale.ROOT) + ")");
            System.out.println("rnn4j serve: listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/ with "
                    + n + " workers; Ctrl-C stops");
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            // SIGTERM (a supervisor stopping the server): refuse new requests, answer those in flight, then exit 0
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.countDown());
            stop.await();
            boolean drained = server.drain(Duration.ofSeconds(timeout));
            System.out.println("rnn4j serve: stopped; " + (drained ? "every request in flight was answered" : "requests still in flight after " + timeout + " s were dropped"));
        }
        return 0;
    }
}
