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
 */
class NoAllocationInTimeLoopTest {
    static final int B = 4, F = 8, H = 16;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void allocationDoesNotGrowWithSteps(CellType cell) {
        long small = allocatedPerCall(cell, 20), large = allocatedPerCall(cell, 220);
        long returned = 200L * B * (H + 2 * F) * Float.BYTES;
        assertTrue(large - small <= returned + 1024, cell + ": " + (large - small) + " bytes more for 200 more steps; outputs account for " + returned);
    }

    /**
     * Bucketed training feeds batches of many lengths: after the longest, the workspaces are reused, so a cycle over
     * shorter lengths allocates only what the calls return.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void batchesOfVaryingLengthReuseTheWorkspaces(CellType cell) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RecurrentLayer layer = new RecurrentLayer(cell, F, H, "_l0", new Compute(Compute.bestKernels(), 1), new SplittableRandom(1));
        int[] steps = {220, 20, 140, 60};
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 400; i++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int t : steps) {
                layer.forward(Tensor.zeros(B, t, F), new int[] {t, t - 3, 1, t}, null, null);
                layer.backward(Tensor.zeros(B, t, H), null);
            }
            best = Math.min(best, bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        long returned = 0;
        for (int t : steps) returned += (long) B * t * (H + 2 * F) * Float.BYTES + (long) B * t * (F + H) * Float.BYTES;   // outputs + the inputs made here
        // besides: what every call allocates whatever its length (final states, their records, the lengths' copy), under 4 KB a call
        assertTrue(best <= returned + steps.length * 4096, cell + ": a cycle of 4 lengths allocated " + best + " bytes; outputs and inputs account for " + returned);
    }

    static long allocatedPerCall(CellType cell, int steps) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RecurrentLayer layer = new RecurrentLayer(cell, F, H, "_l0", new Compute(Compute.bestKernels(), 1), new SplittableRandom(1));
        Tensor x = Tensor.zeros(B, steps, F), dOut = Tensor.zeros(B, steps, H);
        int[] lengths = {steps, steps - 3, 1, steps};
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 1500; i++) {                 // the best of many calls: the JIT must have compiled the loop first
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            layer.forward(x, lengths, null, null);
            layer.backward(dOut, null);
            best = Math.min(best, bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        return best;
    }
}
