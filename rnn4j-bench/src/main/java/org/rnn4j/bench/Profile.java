package org.rnn4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.rnn4j.tensor.Compute;

/**
 * Where a workload's time goes: runs it warm for {@link #SECONDS} under a JDK Flight Recorder method sampler (one
 * sample a millisecond per running thread) and sorts every sample by the rnn4j method nearest the top of its stack
 * into {@link Part}s. Also reports how busy the cores were (the process's CPU time over the wall time of all cores),
 * which is what the samples cannot show: a thread asleep is not sampled. A workload's fraction of the GEMM peak is
 * busy × the products' share × the rate its products run at in place, so the last follows from the other three and
 * can be read beside the rate the same products reach alone ({@link GemmShapes}).
 * Usage: {@code java @jvm.options -cp rnn4j.jar org.rnn4j.bench.Profile W1 W2 ...}.
 */
public final class Profile {
    static final int SECONDS = 15;

    /** What a sample was doing. */
    enum Part {
        PRODUCTS("matrix products"),
        CELLS("cells' element-wise math"),
        LOSS("loss and softmax"),
        OPTIMIZER("optimizer step"),
        WAITING("waiting for the other thread"),
        OTHER("other");

        final String label;

        Part(String label) { this.label = label; }
    }

    private Profile() {}

    public static void main(String[] args) throws IOException {
        Compute compute = Compute.auto();
        double peak = Bench.gemmPeak(compute);
        System.out.printf("512^3 GEMM: %.1f GFLOP/s%n", peak);
        StringBuilder header = new StringBuilder("| workload | of the GEMM peak | cores busy |"), rule = new StringBuilder("|---|---:|---:|");
        for (Part p : Part.values()) {
            header.append(' ').append(p.label).append(" |");
            rule.append("---:|");
        }
        System.out.println(header + " other's largest | products' rate in place |");
        System.out.println(rule + "---|---:|");
        for (String id : args) print(id, profile(Workloads.create(id, compute), compute.threads(), peak));
    }

    /**
     * The samples of one workload by part, the other part's methods, the cores' busy fraction and the workload's
     * fraction of the GEMM peak (its GFLOP/s measured by {@link Bench#measure} before the samples).
     */
    record Shares(Map<Part, Integer> parts, Map<String, Integer> other, int samples, double busy, double ofPeak) {
        double share(Part p) { return (double) parts.getOrDefault(p, 0) / samples; }

        /** The rate the products ran at in the workload, as a fraction of the GEMM peak: what the samples imply. */
        double productsRate() { return ofPeak / (busy * share(Part.PRODUCTS)); }
    }

    static Shares profile(Workload w, int threads, double peak) throws IOException {
        double ofPeak = Bench.measure(w).gflops() / peak;   // and warm: the JIT's compilations done
        Path file = Files.createTempFile("rnn4j-profile", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            recording.start();
            long cpu = os.getProcessCpuTime(), t = System.nanoTime();
            while (System.nanoTime() - t < SECONDS * 1_000_000_000L) w.step().run();
            double busy = (os.getProcessCpuTime() - cpu) / (double) ((System.nanoTime() - t) * threads);
            recording.stop();
            recording.dump(file);
            Map<Part, Integer> parts = new EnumMap<>(Part.class);
            Map<String, Integer> other = new HashMap<>();
            int samples = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getStackTrace() == null) continue;
                RecordedFrame frame = e.getStackTrace().getFrames().stream()
                        .filter(f -> f.getMethod().getType().getName().startsWith("org.rnn4j.")).findFirst().orElse(null);
                if (frame == null) continue;
                String type = frame.getMethod().getType().getName(), method = frame.getMethod().getName();
                Part part = part(type.substring(type.lastIndexOf('.') + 1), method, type.startsWith("org.rnn4j.optim."));
                parts.merge(part, 1, Integer::sum);
                if (part == Part.OTHER) other.merge(type.substring(type.lastIndexOf('.') + 1) + "." + method, 1, Integer::sum);
                samples++;
            }
            return new Shares(parts, other, samples, busy, ofPeak);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The part a sample belongs to, from the rnn4j class (simple name) and method nearest its top. */
    static Part part(String type, String method, boolean optimizer) {
        if (optimizer) return Part.OPTIMIZER;
        if (type.equals("Workers") || type.startsWith("Workers$")) return Part.WAITING;
        if (List.of("VectorGemm", "GemmBlocks", "VectorLowPrecision").contains(type)
                || method.startsWith("matmul") || method.startsWith("pack") || method.equals("affine")) return Part.PRODUCTS;
        if (List.of("SoftmaxCrossEntropy", "BinaryCrossEntropy", "MeanSquaredError").contains(type) || method.equals("softmax")) return Part.LOSS;
        if (List.of("VectorLstm", "VectorGru", "LstmMath", "GruMath", "PlainLstm", "PlainGru", "SimpleRnnCell", "LstmCell", "GruCell",
                "Activation", "VectorMath", "RecurrentLayer").contains(type)
                || type.equals("VectorKernels") && (method.contains("tanh") || method.contains("sigmoid") || method.contains("relu"))) return Part.CELLS;
        return Part.OTHER;
    }

    private static void print(String id, Shares s) {
        StringBuilder row = new StringBuilder(String.format("| %s | %.0f%% | %.0f%% |", id, 100 * s.ofPeak(), 100 * s.busy()));
        for (Part p : Part.values()) row.append(String.format(" %.0f%% |", 100 * s.share(p)));
        List<String> top = s.other().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                .map(e -> String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue() / s.samples())).toList();
        System.out.printf("%s %s | %.0f%% |%n", row, String.join(", ", top), 100 * s.productsRate());
    }
}
