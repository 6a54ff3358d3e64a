package org.rnn4j.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that computes every model request: a fixed number of workers and a bounded queue. A request that
 * finds the queue full is answered 503 at once; one that is not done within the time limit is cancelled and answered
 * 503. The HTTP threads only wait here, so the backlog of work never grows past {@code workers + queue}.
 */
final class RequestPool implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Limits limits;

    RequestPool(Limits limits) {
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                limits.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.queue()), r -> {
                    Thread t = new Thread(r, "rnn4j-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The job's result, or an {@link ApiError}: 503 when busy or late, the job's own 4xx, 500 for a fault of the server. */
    <T> T run(Callable<T> job) {
        Future<T> f;
        try {
            f = pool.submit(job);
        } catch (RejectedExecutionException e) {
            throw new ApiError(503, "the server is busy (" + limits.workers() + " requests running, " + limits.queue() + " waiting); try again shortly");
        }
        try {
            return f.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ApiError(503, "the request took longer than the limit of " + limits.timeout().toMillis() / 1000.0 + " s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the request was cancelled");
        } catch (ExecutionException e) {
            throw Errors.of(e.getCause());
        }
    }

    /** Requests being computed now. */
    int running() { return pool.getActiveCount(); }

    /** Requests waiting for a worker. */
    int waiting() { return pool.getQueue().size(); }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
