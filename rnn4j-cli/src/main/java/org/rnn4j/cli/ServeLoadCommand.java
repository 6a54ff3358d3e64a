package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rnn4j.data.LineReader;
import org.rnn4j.options.Bounds;
import org.rnn4j.serve.Batching;
import org.rnn4j.serve.Catalog;
import org.rnn4j.serve.DemoServer;
import org.rnn4j.serve.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j bench serve}: a load test of the demo server on loopback. It serves a folder of models with the
 * default limits twice in one process, once computing each request alone and once with dynamic batching (the
 * defaults of {@code rnn4j serve}), then for each endpoint (predict on a classifier, complete on a language model)
 * and each number of closed-loop clients sends requests to one server, then the other, for a fixed time (and at most
 * a fixed count), and prints requests/s, p50 and p99 latency, 503s (busy), other errors, and the heap in use after a
 * full GC at the end of each step: flat memory means no leak.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Load-test rnn4j serve on loopback: requests/s and p50/p99 latency of predict and complete.")
final class ServeLoadCommand implements Callable<Integer> {
    @Option(names = "--models", defaultValue = "models", paramLabel = "DIR", description = "Models to serve (default ${DEFAULT-VALUE}).") Path models;
    @Option(names = "--predict", description = "Classifier for predict (default: the first classify model the first server lists).") String predictModel;
    @Option(names = "--complete", description = "Language model for complete (default: the first lm model the first server lists).") String completeModel;
    @Option(names = "--texts", paramLabel = "FILE", required = true, description = "Texts to classify, one per line (a TSV line's last column).") Path texts;
    @Option(names = "--prefixes", paramLabel = "FILE", description = "Texts whose random prefixes are completed, one per line (default: --texts).") Path prefixes;
    @Option(names = "--clients", split = ",", defaultValue = "1,8,64,256", description = "Concurrent clients per step (default ${DEFAULT-VALUE}).") List<Integer> clients;
    @Option(names = "--endpoints", split = ",", defaultValue = "predict,complete", description = "Endpoints to load (default ${DEFAULT-VALUE}).") List<String> endpoints;
    @Option(names = "--servers", split = ",", defaultValue = "alone,batched", description = "Which servers to start and compare: alone (each request by itself), batched (--max-batch, --max-delay), none (only --server-url) (default ${DEFAULT-VALUE}).") List<String> servers;
    @Option(names = "--server-url", paramLabel = "NAME=URL", description = "Also load a server already running with the same models, e.g. before=http://127.0.0.1:8091 (an older build); its heap is not measured.")
    Map<String, String> urls = new LinkedHashMap<>();
    @Option(names = "--max-batch", defaultValue = "16", description = "The batched server's --max-batch (default ${DEFAULT-VALUE}).") int maxBatch;
    @Option(names = "--max-delay", defaultValue = "0", description = "The batched server's --max-delay in ms (default ${DEFAULT-VALUE}).") int maxDelay;
    @Option(names = "--seconds", defaultValue = "20", description = "Length of each step (default ${DEFAULT-VALUE}).") int seconds;
    @Option(names = "--max-requests", defaultValue = "200000", description = "Most requests per step (default ${DEFAULT-VALUE}).") int maxRequests;
    @Option(names = "--rounds", defaultValue = "1", description = "Times to run every step; the heap after GC of later rounds shows whether memory stays flat (default ${DEFAULT-VALUE}).") int rounds;
    @Option(names = "--json", description = "Also write the table as JSON to FILE.") File json;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Step(int round, String server, String endpoint, int clients, long requests, long busy, long errors, double perSecond, double p50, double p99, double heapMb) {}

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Bounds.between("--seconds", seconds, 1, 3600);
        Bounds.between("--max-requests", maxRequests, 1, Integer.MAX_VALUE);
        Bounds.between("--rounds", rounds, 1, 1000);
        for (int c : clients) Bounds.between("--clients", c, 1, 1024);
        for (String endpoint : endpoints) {
            if (!List.of("predict", "complete").contains(endpoint)) throw new IllegalArgumentException("--endpoints " + endpoint + ": expected predict or complete");
        }
        List<String> lines = inputs("--texts", texts), starts = prefixes == null ? lines : inputs("--prefixes", prefixes);
        int workers = Runtime.getRuntime().availableProcessors();
        Limits limits = new Limits(workers, 64, 4 << 20, 20_000, 500, 20, Duration.ofSeconds(20));
        ObjectMapper mapper = new ObjectMapper();
        List<Step> steps = new ArrayList<>();
        Map<String, DemoServer> started = new LinkedHashMap<>();
        Map<String, String> bases = new LinkedHashMap<>(urls);
        String predict, complete;
        try {
            for (String server : servers) {
                if (server.equals("none")) continue;
                Batching batching = switch (server) {
                    case "alone" -> Batching.OFF;
                    case "batched" -> new Batching(maxBatch, Duration.ofMillis(maxDelay));
                    default -> throw new IllegalArgumentException("--servers " + server + ": expected alone, batched or none");
                };
                Catalog catalog = Catalog.load(models, workers, org.rnn4j.tensor.Precision.FLOAT32, System.err);
                started.put(server, DemoServer.start(catalog, limits, batching, new org.rnn4j.serve.Sessions(1000, Duration.ofMinutes(5)), "127.0.0.1", 0, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
                bases.put(server, "http://127.0.0.1:" + started.get(server).port());
            }
            if (bases.isEmpty()) throw new IllegalArgumentException("--servers none: name a server to load with --server-url NAME=URL");
            JsonNode served = served(bases.values().iterator().next(), mapper);
            predict = endpoints.contains("predict") ? pick(served, predictModel, "classify", "--predict") : null;
            complete = endpoints.contains("complete") ? pick(served, completeModel, "complete", "--complete") : null;
            List<String> loaded = new ArrayList<>();
            if (predict != null) loaded.add("predict on " + predict);
            if (complete != null) loaded.add("complete on " + complete);
            String setup = started.isEmpty() ? "" : "the started servers: %d workers, queue 64; ".formatted(workers);   // an outside server's settings are its own
            System.out.printf("rnn4j bench serve: %s%s; %d s per step, Java %s%n", setup, String.join(", ", loaded), seconds, Runtime.version());
            System.out.printf("%5s %-8s %-9s %7s %9s %7s %7s %10s %9s %9s %9s%n", "round", "server", "endpoint", "clients", "requests", "503", "errors", "req/s", "p50 ms", "p99 ms", "heap MB");
            for (int round = 1; round <= rounds; round++) {
                for (String endpoint : endpoints) {
                    for (int c : clients) {
                        for (var e : bases.entrySet()) {                    // each server right after the other: this VM's speed drifts
                            String url = e.getValue().replaceAll("/+$", "") + "/api/v1/" + (endpoint.equals("predict") ? predict : complete) + "/" + endpoint;
                            Step s = step(round, e.getKey(), endpoint, url, c, endpoint.equals("predict") ? lines : starts, mapper, started.containsKey(e.getKey()));
                            steps.add(s);
                            System.out.printf("%5d %-8s %-9s %7d %9d %7d %7d %10.1f %9.2f %9.2f %9.1f%n", s.round(), s.server(), s.endpoint(), s.clients(), s.requests(), s.busy(),
                                    s.errors(), s.perSecond(), s.p50(), s.p99(), s.heapMb());
                        }
                    }
                }
            }
        } finally {
            for (DemoServer server : started.values()) server.close();
        }
        if (json != null) {
            ArrayNode out = mapper.createArrayNode();
            steps.forEach(s -> out.add(mapper.valueToTree(s)));
            mapper.writerWithDefaultPrettyPrinter().writeValue(json, out);
        }
        return steps.stream().anyMatch(s -> s.errors() > 0) ? 1 : 0;
    }

    /** Up to 10,000 non-blank lines of a file (a TSV line's last column), each cut to 2,000 characters. */
    private static List<String> inputs(String option, Path file) {
        Require.readable(option, file);
        List<String> lines = new ArrayList<>();
        try (var s = LineReader.lines(file)) {
            s.map(l -> l.text().contains("\t") ? l.text().substring(l.text().lastIndexOf('\t') + 1) : l.text()).filter(t -> !t.isBlank())
                    .map(t -> t.length() > 2000 ? t.substring(0, 2000) : t).limit(10_000).forEach(lines::add);
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(option + " " + file + " has no input lines");
        return lines;
    }

    /** The models the server at {@code base} lists at {@code /api/v1/models}, from which the loaded ones are picked. */
    private JsonNode served(String base, ObjectMapper mapper) throws IOException, InterruptedException {
        String url = base.replaceAll("/+$", "") + "/api/v1/models";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalArgumentException(url + " answered " + r.statusCode() + "; expected the list of models");
        return mapper.readTree(r.body()).path("models");
    }

    private static String pick(JsonNode served, String wanted, String app, String option) {
        for (JsonNode m : served) if (wanted == null ? m.path("app").asText().equals(app) : m.path("name").asText().equals(wanted)) return m.path("name").asText();
        throw new IllegalArgumentException(wanted == null ? "no " + app + " model is served; name one with " + option : option + " " + wanted + ": no such model is served");
    }

    /** {@code clients} closed-loop clients for {@link #seconds} (or {@link #maxRequests} requests in all). */
    private Step step(int round, String server, String endpoint, String url, int clients, List<String> lines, ObjectMapper mapper, boolean here) throws Exception {
        AtomicLong sent = new AtomicLong(), errors = new AtomicLong(), busy = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            SplittableRandom rng = new SplittableRandom(c);
            parts.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end && sent.incrementAndGet() <= maxRequests) {
                    String text = lines.get(rng.nextInt(lines.size()));
                    if (endpoint.equals("complete")) text = text.substring(0, 1 + rng.nextInt(text.length()));
                    String body = mapper.createObjectNode().put("text", text).toString();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 503) {
                        busy.incrementAndGet();
                        continue;
                    }
                    if (r.statusCode() != 200) {
                        if (errors.incrementAndGet() <= 3) System.err.println("rnn4j bench serve: " + r.statusCode() + " " + r.body());
                        continue;
                    }
                    if (n == latencies.length) latencies = Arrays.copyOf(latencies, 2 * n);
                    latencies[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : parts) all.add(f.get());
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.gc();
        double heap = here ? ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0 : Double.NaN;
        return new Step(round, server, endpoint, clients, latencies.length + busy.get() + errors.get(), busy.get(), errors.get(), latencies.length / elapsed,
                percentile(latencies, 0.50), percentile(latencies, 0.99), heap);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
