package org.rnn4j.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads a {@link Compute} hands ranges of work to: one range per worker, the caller running the first.
 *
 * <p>A worker waits for its next range by spinning for up to {@link #SPIN_NANOS} before it sleeps, and a caller
 * waits for the workers the same way, as ONNX Runtime's and OpenMP's thread pools do. A sleeping thread is woken
 * through the kernel, and on a virtual machine whose idle CPU has been handed back to the host that took 0.2-0.3 ms
 * here: an executor's hand-off cost I2 (50 scans of 256 rows split in two) 2-4% of its time, and a training step,
 * which hands off hundreds of GEMMs, more. While a worker spins, its core does nothing else useful, so the spin
 * is short, and a JVM that has no more work sleeps within a millisecond.
 *
 * <p>One call at a time holds the workers: a call made meanwhile (from another thread sharing the Compute, or from
 * inside a range) is told so and runs its task on its own thread. Results do not depend on the split.
 */
final class Workers {
    /** How long a worker spins for its next range, and a caller for the workers, before sleeping. */
    static final long SPIN_NANOS = 1_000_000L;

    private final Worker[] workers;
    private final AtomicBoolean held = new AtomicBoolean();

    /** Starts {@code count} daemon workers named {@code rnn4j-compute}. */
    Workers(int count) {
        workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker();
            workers[i].start();
        }
    }

    /**
     * Runs {@code task} over [0, n) in {@code parts} (2 to count + 1) contiguous ranges, the caller taking the
     * first; rethrows the first exception of any range after every range has ended.
     *
     * @return false, having run nothing, when another call holds the workers
     */
    boolean run(int n, int parts, Compute.RangeTask task) {
        if (!held.compareAndSet(false, true)) return false;
        try {
            Thread caller = Thread.currentThread();
            for (int p = 1; p < parts; p++) {
                workers[p - 1].hand(task, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts), caller);
            }
            Throwable error = null;
            try {
                task.run(0, (int) ((long) n / parts));
            } catch (Throwable e) {
                error = e;
            }
            for (int p = 1; p < parts; p++) {
                Throwable e = workers[p - 1].await();
                if (error == null) error = e;
            }
            if (error instanceof RuntimeException re) throw re;
            if (error instanceof Error err) throw err;
            if (error != null) throw new IllegalStateException(error);
            // every range has ended: an interrupted caller may stop now, as asked (the interrupt stays set)
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted while waiting for a compute thread");
            return true;
        } finally {
            held.set(false);
        }
    }

    /** One thread that runs the ranges handed to it, one at a time. */
    private static final class Worker extends Thread {
        private volatile Compute.RangeTask task;        // the range to run; null while idle
        private volatile boolean done = true;
        private int from, to;                           // published by the write of task, read after its read
        private Thread caller;
        private Throwable error;

        Worker() {
            super("rnn4j-compute");
            setDaemon(true);
        }

        void hand(Compute.RangeTask task, int from, int to, Thread caller) {
            this.from = from;
            this.to = to;
            this.caller = caller;
            this.error = null;
            done = false;
            this.task = task;
            LockSupport.unpark(this);
        }

        /**
         * Waits until the range handed last has ended, even when the caller is interrupted (the range still uses
         * the caller's arrays); returns what it threw, or null. The interrupt is kept for the caller to see.
         */
        Throwable await() {
            long start = System.nanoTime();
            boolean interrupted = false;
            while (!done) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();      // else park returns at once, and this loop would spin
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            return error;
        }

        @Override
        public void run() {
            while (true) {
                Compute.RangeTask t = next();
                try {
                    t.run(from, to);
                } catch (Throwable e) {
                    error = e;
                }
                Thread waiting = caller;
                task = null;
                done = true;
                LockSupport.unpark(waiting);
            }
        }

        private Compute.RangeTask next() {
            long start = System.nanoTime();
            Compute.RangeTask t;
            while ((t = task) == null) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            return t;
        }
    }
}
