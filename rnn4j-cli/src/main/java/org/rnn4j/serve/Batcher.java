package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.rnn4j.task.BatchPredicting;

/**
 * Dynamic batching of one model's predictions: concurrent requests wait in a bounded queue; each of the model's
 * batch threads (one per worker) takes the first waiting request and the others already waiting, up to
 * {@link Batching#maxBatch}, and predicts them together on a replica of its own (in batches of similar lengths,
 * {@link BatchPredicting#MAX_PADDING}). While the model's other batch threads compute, it also waits up to
 * {@link Batching#maxDelay} for more; with nothing else running it starts at once, so a lone request is not delayed.
 * While every batch thread is computing, new requests gather in the queue, so batches grow with the load. A full queue is a 503 at once; a request not answered within the limit is a 503 and is dropped
 * from its batch if that batch has not started.
 */
final class Batcher implements AutoCloseable {
    private record Pending(String line, CompletableFuture<ObjectNode> answer) {}

    private final Served served;
    private final Batching batching;
    private final Limits limits;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger computing = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    /** @param batchSizes told the size of every batch run (a metric) */
    Batcher(Served served, Batching batching, Limits limits, IntConsumer batchSizes) {
        this.served = served;
        this.batching = batching;
        this.limits = limits;
        this.batchSizes = batchSizes;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, limits.queue() + limits.workers() * batching.maxBatch()));
        for (int i = 0; i < limits.workers(); i++) {
            Thread t = new Thread(this::loop, "rnn4j-batch-" + served.name() + "-" + (i + 1));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Whether {@code served} predicts in batches: a task that reads a batch at once, of text or numbers. */
    static boolean batches(Served served) {
        return served.task() instanceof BatchPredicting<?> && !served.task().readsImages();
    }

    /** The prediction of {@code line}, from whichever batch it joins; an {@link ApiError} for a bad line or a busy server. */
    ObjectNode predict(String line) {
        Pending p = new Pending(line, new CompletableFuture<>());
        if (closed || !queue.offer(p)) throw new ApiError(503, "the server is busy (" + queue.size() + " predictions waiting for " + served.name() + "); try again shortly");
        try {
            return p.answer().get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.answer().cancel(false);
            throw new ApiError(503, "the request took longer than the limit of " + limits.timeout().toMillis() / 1000.0 + " s");
        } catch (InterruptedException e) {
            p.answer().cancel(false);
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the request was cancelled");
        } catch (ExecutionException e) {
            throw Errors.of(e.getCause());
        }
    }

    /** Requests waiting for a batch. */
    int waiting() { return queue.size(); }

    private void loop() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) return;                                  // retired or closed, and nothing left to answer
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batching.maxBatch() - batch.size());
                long deadline = System.nanoTime() + batching.maxDelay().toNanos();
                while (batch.size() < batching.maxBatch() && computing.get() > 0) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) break;
                    batch.add(next);
                    queue.drainTo(batch, batching.maxBatch() - batch.size());
                }
            } catch (InterruptedException e) {
                batch.forEach(p -> p.answer().completeExceptionally(new ApiError(503, "the server is stopping")));
                return;
            }
            run(batch);
        }
    }

    /** Predicts the batch's requests that still wait for an answer, together, and answers each. */
    @SuppressWarnings("unchecked")
    private void run(List<Pending> batch) {
        List<Pending> live = batch.stream().filter(p -> !p.answer().isDone()).toList();
        if (live.isEmpty()) return;
        batchSizes.accept(live.size());
        computing.incrementAndGet();
        try {
            List<BatchPredicting.Predicted> out = served.use(tm -> ((BatchPredicting<Object>) tm.task())
                    .predictLines(tm.model(), live.stream().map(Pending::line).toList(), Views.REQUEST));
            for (int i = 0; i < live.size(); i++) {
                BatchPredicting.Predicted r = out.get(i);
                if (r.error() != null) live.get(i).answer().completeExceptionally(r.error());
                else live.get(i).answer().complete(r.json());
            }
        } catch (RuntimeException | Error e) {
            live.forEach(p -> p.answer().completeExceptionally(e));
        } finally {
            computing.decrementAndGet();
        }
    }

    /** Takes no more requests; answers those waiting, then its threads end (the model was replaced by a new file). */
    void retire() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.answer().completeExceptionally(new ApiError(503, "the server is stopping")));
    }
}
