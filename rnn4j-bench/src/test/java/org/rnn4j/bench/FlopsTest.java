package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;

/** The GFLOP/s a bench reports: the workloads' matrix-product counts, and their conversion from either unit. */
class FlopsTest {
    @Test
    void countsAreTheMultiplyAddsOfTheProducts() {
        // I1: 50 steps of an LSTM(32 -> 128): four gates, each [128 x (32 + 128)] per step; then Dense(128 -> 2)
        assertEquals(2.0 * 50 * 4 * 128 * (32 + 128) + 2.0 * 128 * 2, Workloads.create("I1", Compute.auto()).flopsPerStep());
        // W3 trains: three times the forward products
        assertEquals(3 * (2.0 * 128 * 28 * 3 * 128 * (28 + 128) + 2.0 * 128 * 128 * 10), Workloads.create("W3", Compute.auto()).flopsPerStep());
        assertEquals(Flops.seq2seq(64, true), Workloads.create("W5", Compute.auto()).flopsPerStep() / 3, 1e-3);
        assertEquals(Flops.seq2seq(64, false) + Flops.generalAttention(64, 20, 20, 256), Flops.seq2seq(64, true), 1e-3);
    }

    @Test
    void gflopsFromThroughputAndFromLatency() {
        Workload batches = new Workload("T", "", "sequences/s", 64, true, 1e9, () -> { });
        assertEquals(10.0, batches.gflops(640), 1e-12);                  // 640 sequences/s = 10 steps/s of 1 GFLOP
        Workload latency = new Workload("L", "", "us/sequence", 1, false, 1e6, () -> { });
        assertEquals(10.0, latency.gflops(100), 1e-12);                  // 100 µs per step of 1 MFLOP
    }
}
