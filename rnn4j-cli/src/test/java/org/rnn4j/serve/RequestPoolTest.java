package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's admission rules: a bounded pool and queue answer overload with 503, and a late job is cut off with 503. */
class WorkersTest {

    private static Limits limits(int workers, int queue, long timeoutMillis) {
        return new Limits(workers, queue, 1 << 20, 1000, 100, 10, Duration.ofMillis(timeoutMillis));
    }

    @Test
    void aFullQueueIsAnsweredBusyAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1), started = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (RequestPool w = new RequestPool(limits(1, 1, 30_000))) {
            Future<String> running = clients.submit(() -> w.run(() -> {
                started.countDown();
                release.await();
                return "first";
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Future<String> queued = clients.submit(() -> w.run(() -> "second"));
            while (w.waiting() < 1) Thread.sleep(5);
            long t0 = System.nanoTime();
            ApiError busy = assertThrows(ApiError.class, () -> w.run(() -> "third"));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "refused without waiting");
            assertEquals(503, busy.status());
            assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            release.countDown();
            assertEquals("first", running.get(10, TimeUnit.SECONDS));
            assertEquals("second", queued.get(10, TimeUnit.SECONDS));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aJobPastTheTimeLimitIsCancelledAndAnsweredBusy() {
        try (RequestPool w = new RequestPool(limits(1, 4, 200))) {
            CountDownLatch interrupted = new CountDownLatch(1);
            ApiError late = assertThrows(ApiError.class, () -> w.run(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "never";
            }));
            assertEquals(503, late.status());
            assertTrue(late.getMessage().contains("longer than the limit of 0.2 s"), late.getMessage());
            assertTrue(await(interrupted), "the late job was interrupted, freeing its worker");
            assertEquals("next", w.run(() -> "next"));
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void failuresOfTheRequestAre4xxAndOthers500WithoutDetail() {
        try (RequestPool w = new RequestPool(limits(1, 4, 5_000))) {       // a queue: the one worker may not be back yet for the next job
            assertEquals(400, assertThrows(ApiError.class, () -> w.run(() -> {
                throw new IllegalArgumentException("bad input");
            })).status());
            ApiError fault = assertThrows(ApiError.class, () -> w.run(() -> {
                throw new NullPointerException("inner detail");
            }));
            assertEquals(500, fault.status());
            assertTrue(!fault.getMessage().contains("inner detail") && !fault.getMessage().contains("\tat "), fault.getMessage());
        }
    }
}
