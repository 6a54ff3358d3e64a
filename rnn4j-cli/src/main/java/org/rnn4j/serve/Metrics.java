package org.rnn4j.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics (the Prometheus Java client), served at {@code GET /metrics} in the text format:
 * requests by model, endpoint and status; request latency; requests running and waiting; the size of every batch,
 * of requests and of completions' reads; each model's load time; and the JVM's (memory, GC, threads). A registry of
 * its own, so that two servers in one JVM (the load test's) keep their counts apart; the JVM metrics are the
 * process's.
 */
final class Metrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency, batchSize, readBatchSize;
    private final Gauge loadSeconds;

    Metrics(IntSupplier running, IntSupplier waiting) {
        requests = Counter.builder().name("rnn4j_requests_total").help("HTTP requests answered, by model, endpoint and status")
                .labelNames("model", "endpoint", "status").register(registry);
        latency = Histogram.builder().name("rnn4j_request_duration_seconds").help("Time from a request's arrival to its answer")
                .labelNames("model", "endpoint").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
        batchSize = batchSizes("rnn4j_batch_size", "Requests predicted together in one batch");
        readBatchSize = batchSizes("rnn4j_read_batch_size", "Completions' reads (a text, or a beam's next tokens) computed together in one batch");
        loadSeconds = Gauge.builder().name("rnn4j_model_load_seconds").help("Time the model's file took to load, all replicas").labelNames("model").register(registry);
        GaugeWithCallback.builder().name("rnn4j_requests_running").help("Requests being computed now").callback(cb -> cb.call(running.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("rnn4j_queue_depth").help("Requests waiting for a worker or a batch").callback(cb -> cb.call(waiting.getAsInt())).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** A histogram of batch sizes by model, with bounds at the powers of two from 1 to 256. */
    private Histogram batchSizes(String name, String help) {
        return Histogram.builder().name(name).help(help).labelNames("model").classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    }

    /** One answered request; {@code model} is "" for requests that name none (the page, /api/v1/models). */
    void request(String model, String endpoint, int status, double seconds) {
        requests.labelValues(model, endpoint, Integer.toString(status)).inc();
        latency.labelValues(model, endpoint).observe(seconds);
    }

    /** {@code size} requests predicted together. */
    void batch(String model, int size) {
        batchSize.labelValues(model).observe(size);
    }

    /** {@code size} reads of completions computed together. */
    void readBatch(String model, int size) {
        readBatchSize.labelValues(model).observe(size);
    }

    void loaded(String model, double seconds) {
        loadSeconds.labelValues(model).set(seconds);
    }

    /** Every metric in Prometheus' text format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
