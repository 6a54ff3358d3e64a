package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Counts the bytes a forward + backward allocates (the JVM's per-thread allocation counter, on one thread) at
 * T = 20 and T = 220. The only memory that may grow with T is what the calls return: out [B, T, H] from
 * forward, dx [B, T, F] and its time-major twin from backward. Anything allocated per step, even one 16-byte
 * object, would add 200 × 16 bytes more than that.
 *
 * <p>Until C2 has compiled the time loop, the Vector API boxes its vectors at every step; on a busy machine that
 * compilation can take many calls. So each measurement keeps the fewest bytes of any call, and keeps calling until
 * that minimum is within the bound or {@link #PATIENCE_NANOS} has passed: a real allocation per step stays in every
 * compiled call and still fails.
 */
class NoAllocationInTimeLoopTest {
    static final int B = 4, F = 8, H = 16;
    static final long PATIENCE_NANOS = 60_000_000_000L;

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"MINGRU", "MINLSTM"}, mode = EnumSource.Mode.EXCLUDE)   // the stepped cells
    void allocationDoesNotGrowWithSteps(CellType cell) {
        long returned = 200L * B * (H + 2 * F) * Float.BYTES;
        long small = allocatedPerCall(cell, 20, Long.MAX_VALUE), large = allocatedPerCall(cell, 220, small + returned + 1024);
        assertTrue(large - small <= returned + 1024, cell + ": " + (large - small) + " bytes more for 200 more steps; outputs account for " + returned);
    }

    /**
     * Bucketed training feeds batches of many lengths: after the longest, the workspaces are reused, so a cycle over
     * shorter lengths allocates only what the calls return.
     */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"MINGRU", "MINLSTM"}, mode = EnumSource.Mode.EXCLUDE)   // the stepped cells
    void batchesOfVaryingLengthReuseTheWorkspaces(CellType cell) {
        RecurrentLayer layer = new RecurrentLayer(cell, F, H, "_l0", new Compute(Compute.bestKernels(), 1), new SplittableRandom(1));
        int[] steps = {220, 20, 140, 60};
        long returned = 0;
        for (int t : steps) returned += (long) B * t * (H + 2 * F) * Float.BYTES + (long) B * t * (F + H) * Float.BYTES;   // outputs + the inputs made here
        // besides: what every call allocates whatever its length (final states, their records, the lengths' copy), under 4 KB a call
        long bound = returned + steps.length * 4096;
        long best = fewestBytes(400, bound, () -> {
            for (int t : steps) {
                layer.forward(Tensor.zeros(B, t, F), new int[] {t, t - 3, 1, t}, null, null);
                layer.backward(Tensor.zeros(B, t, H), null);
            }
        });
        assertTrue(best <= bound, cell + ": a cycle of 4 lengths allocated " + best + " bytes; outputs and inputs account for " + returned);
    }

    /** The fewest bytes {@code call} allocated, over at least {@code calls} calls and then until that is ≤ {@code enough}. */
    static long fewestBytes(int calls, long enough, Runnable call) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE, start = System.nanoTime();
        for (int i = 0; i < calls || (best > enough && System.nanoTime() - start < PATIENCE_NANOS); i++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            call.run();
            best = Math.min(best, bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        return best;
    }

    /** The fewest bytes a forward + backward over {@code steps} steps allocated (see {@link #fewestBytes}). */
    static long allocatedPerCall(CellType cell, int steps, long enough) {
        RecurrentLayer layer = new RecurrentLayer(cell, F, H, "_l0", new Compute(Compute.bestKernels(), 1), new SplittableRandom(1));
        Tensor x = Tensor.zeros(B, steps, F), dOut = Tensor.zeros(B, steps, H);
        int[] lengths = {steps, steps - 3, 1, steps};
        return fewestBytes(1500, enough, () -> {
            layer.forward(x, lengths, null, null);
            layer.backward(dOut, null);
        });
    }
}
