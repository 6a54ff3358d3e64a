package org.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Compute.parallelFor on its spinning workers: every item once, errors rethrown, nesting and sharing safe, idle workers asleep. */
class ComputeThreadsTest {

    /** Marks each item of [0, n) with the thread that ran it; fails if an item runs twice. */
    static Thread[] cover(Compute c, int n, int minChunk) {
        Thread[] ranBy = new Thread[n];
        c.parallelFor(n, minChunk, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (ranBy[i] != null) throw new AssertionError("item " + i + " ran twice");
                ranBy[i] = Thread.currentThread();
            }
        });
        return ranBy;
    }

    @Test
    void everyItemRunsOnceAndTheCallerTakesTheFirstRange() {
        for (int threads : new int[] {1, 2, 3, 4}) {
            Compute c = new Compute(new NaiveKernels(), threads);
            for (int round = 0; round < 200; round++) {
                for (int n : new int[] {0, 1, 2, 3, 7, 64, 1001}) {
                    Thread[] ranBy = cover(c, n, 1);
                    for (int i = 0; i < n; i++) assertTrue(ranBy[i] != null, "item " + i + " of " + n + " on " + threads + " threads");
                    if (n == 0) continue;
                    assertSame(Thread.currentThread(), ranBy[0]);
                    assertEquals(Math.min(threads, n), Arrays.stream(ranBy).distinct().count(), n + " items on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void anExceptionInAnyRangeIsRethrownAfterEveryRangeHasEnded() {
        Compute c = new Compute(new NaiveKernels(), 3);
        for (int failing = 0; failing < 3; failing++) {
            int f = failing;
            AtomicInteger ended = new AtomicInteger();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.parallelFor(30, 1, (from, to) -> {
                try {
                    if (from / 10 == f) throw new IllegalArgumentException("range " + f);
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    throw new IllegalStateException(ie);
                } finally {
                    ended.incrementAndGet();
                }
            }));
            assertEquals("range " + f, e.getMessage());
            assertEquals(3, ended.get(), "every range ended before the call returned");
            assertEquals(30, Arrays.stream(cover(c, 30, 1)).filter(t -> t != null).count(), "the workers still run after an error");
        }
        assertThrows(StackOverflowError.class, () -> c.parallelFor(30, 1, (from, to) -> {
            if (from > 0) throw new StackOverflowError();
        }));
    }

    @Test
    void anInterruptedCallerWaitsForEveryRangeThenStops() {
        Compute c = new Compute(new NaiveKernels(), 2);
        AtomicInteger ended = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.parallelFor(2, 1, (from, to) -> {
            if (from == 0) Thread.currentThread().interrupt();
            else {
                try {
                    Thread.sleep(1500);                        // longer than the caller's spin: it parks while interrupted
                } catch (InterruptedException ie) {
                    throw new IllegalStateException(ie);
                }
            }
            ended.incrementAndGet();
        }));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(2, ended.get(), "the worker's range had ended before the call returned");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertEquals(2, Arrays.stream(cover(c, 2, 1)).distinct().count(), "the workers still run afterwards");
    }

    @Test
    void aCallFromInsideARangeRunsOnItsOwnThread() {
        Compute c = new Compute(new NaiveKernels(), 2);
        List<Thread[]> inner = Collections.synchronizedList(new ArrayList<>());
        c.parallelFor(2, 1, (from, to) -> inner.add(cover(c, 10, 1)));
        assertEquals(2, inner.size());
        for (Thread[] ranBy : inner) assertEquals(1, Arrays.stream(ranBy).distinct().count(), "a nested call is not split");
    }

    @Test
    void threadsSharingOneComputeEachGetEveryItemDone() throws Exception {
        Compute c = new Compute(new NaiveKernels(), 2);
        int callers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; round < 300; round++) {
                        long[] sums = new long[1];
                        float[] out = new float[257];
                        c.parallelFor(out.length, 1, (from, to) -> {
                            for (int i = from; i < to; i++) out[i] = i;
                        });
                        for (float v : out) sums[0] += (long) v;
                        assertEquals(256L * 257 / 2, sums[0]);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join(60_000);
            assertFalse(th.isAlive(), th.getName() + " still runs after 60 s: the shared Compute hung");
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void idleWorkersSleepInsteadOfSpinning() throws Exception {
        Compute c = new Compute(new NaiveKernels(), 2);
        cover(c, 10, 1);
        Thread worker = cover(c, 10, 1)[9];
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (worker.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(Thread.State.WAITING, worker.getState(), "a worker idle for longer than its spin parks");
        assertArrayEquals(new Thread[] {Thread.currentThread(), worker}, new Thread[] {cover(c, 2, 1)[0], cover(c, 2, 1)[1]});
    }
}
