package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;

/** The products the bench measures alone are the workloads' own: together they make up each recurrent layer's count. */
class GemmShapesTest {
    @Test
    void inputAndPerStepProductsAreTheRecurrentLayersWork() {
        assertEquals(Flops.recurrent(64 * 100, 1, 64, 128), flops("W1", "input", "per step"));
        assertEquals(Flops.recurrent(32 * 128, 4, 64, 256), flops("W2", "input", "per step"));
        assertEquals(Flops.dense(32 * 128, 256, 96), flops("W2", "dense"));
        assertEquals(Flops.recurrent(128 * 28, 3, 28, 128), flops("W3", "input", "per step"));
        assertEquals(Flops.recurrent(64 * 20, 3, 128, 256), flops("W4", "input", "per step"));
        assertEquals(Flops.recurrent(256 * 50, 4, 32, 128), flops("I2", "input", "per step"));
    }

    @Test
    void aMeasuredShapeReportsAPositiveRate() {
        GemmShapes.Shape tiny = new GemmShapes.Shape("T", "per step", 9, 64, 16, 3, 4);
        GemmShapes.Result r = GemmShapes.measure(tiny, Compute.auto());
        assertTrue(r.gflops() > 0 && Double.isFinite(r.gflops()), "GFLOP/s " + r.gflops());
        assertEquals("[9,16]x[16,64]", tiny.dims());
    }

    private static double flops(String workload, String... roles) {
        List<String> wanted = List.of(roles);
        return GemmShapes.all().stream().filter(s -> s.workload().equals(workload) && wanted.contains(s.role())).mapToDouble(GemmShapes.Shape::flops).sum();
    }
}
