package org.rnn4j.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Dynamic batching for one model: concurrent requests put their inputs in a bounded queue; each of the model's
 * batch threads (one per worker) takes the first waiting input and the others already waiting, up to
 * {@link Batching#maxBatch}, and computes them together ({@link Job}). While the model's other batch threads compute,
 * it also waits up to {@link Batching#maxDelay} for more; with nothing else running it starts at once, so a lone
 * request is not delayed. While every batch thread is computing, new inputs gather in the queue, so batches grow
 * with the load. A full queue is a 503 at once; an input not answered by its deadline is a 503 and is dropped from
 * its batch if that batch has not started.
 *
 * @param <I> what a request gives, such as a line to predict or the steps of a completion
 * @param <O> what it gets back
 */
final class Batcher<I, O> implements AutoCloseable {
    /** Computes a batch of inputs together, on a replica it takes: one outcome per input, in their order. */
    interface Job<I, O> {
        List<Outcome<O>> run(List<I> inputs);
    }

    /** One input's answer, or the error of an input that cannot be computed (the others still are). */
    record Outcome<O>(O value, RuntimeException error) {}

    private record Pending<I, O>(I input, CompletableFuture<O> answer) {}

    private final String name;
    private final Job<I, O> job;
    private final Batching batching;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending<I, O>> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger computing = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param name       the model's name, for the threads
     * @param threads    batch threads, one per worker
     * @param capacity   inputs that may wait
     * @param batchSizes told the size of every batch run (a metric)
     */
    Batcher(String name, Job<I, O> job, Batching batching, int threads, int capacity, IntConsumer batchSizes) {
        this.name = name;
        this.job = job;
        this.batching = batching;
        this.batchSizes = batchSizes;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "rnn4j-batch-" + name + "-" + (i + 1));
            t.setDaemon(true);
            t.start();
            this.threads.add(t);
        }
    }

    /**
     * The answer to {@code input}, from whichever batch it joins; an {@link ApiError} for a bad input or a busy server.
     *
     * @param deadline {@link System#nanoTime} by which it must be answered
     */
    O submit(I input, long deadline) {
        Pending<I, O> p = new Pending<>(input, new CompletableFuture<>());
        if (closed || !queue.offer(p)) throw new ApiError(503, "the server is busy (" + queue.size() + " requests waiting for " + name + "); try again shortly");
        try {
            return p.answer().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            p.answer().cancel(false);
            throw new ApiError(503, "the request took longer than the server's time limit");
        } catch (InterruptedException e) {
            p.answer().cancel(false);
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the request was cancelled");
        } catch (ExecutionException e) {
            throw Errors.of(e.getCause());
        }
    }

    /** Inputs waiting for a batch. */
    int waiting() { return queue.size(); }

    private void loop() {
        while (true) {
            List<Pending<I, O>> batch = new ArrayList<>();
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) return;                                  // retired or closed, and nothing left to answer
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batching.maxBatch() - batch.size());
                long deadline = System.nanoTime() + batching.maxDelay().toNanos();
                while (batch.size() < batching.maxBatch() && computing.get() > 0) {
                    long left = deadline - System.nanoTime();
                    Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
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

    /** Computes the batch's inputs that still wait for an answer, together, and answers each. */
    private void run(List<Pending<I, O>> batch) {
        List<Pending<I, O>> live = batch.stream().filter(p -> !p.answer().isDone()).toList();
        if (live.isEmpty()) return;
        batchSizes.accept(live.size());
        computing.incrementAndGet();
        try {
            List<Outcome<O>> out = job.run(live.stream().map(Pending::input).toList());
            for (int i = 0; i < live.size(); i++) {
                Outcome<O> r = out.get(i);
                if (r.error() != null) live.get(i).answer().completeExceptionally(r.error());
                else live.get(i).answer().complete(r.value());
            }
        } catch (RuntimeException | Error e) {
            live.forEach(p -> p.answer().completeExceptionally(e));
        } finally {
            computing.decrementAndGet();
        }
    }

    /** Takes no more inputs; answers those waiting, then its threads end (the model was replaced by a new file). */
    void retire() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        List<Pending<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.answer().completeExceptionally(new ApiError(503, "the server is stopping")));
    }
}
