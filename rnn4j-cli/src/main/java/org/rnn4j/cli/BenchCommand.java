package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.bench.Bench;
import org.rnn4j.bench.GemmShapes;
import org.rnn4j.bench.Workloads;
import org.rnn4j.tensor.Compute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j bench}: runs the reference workloads (docs/performance.md), and in the same run on the same machine
 * the peers: with {@code --compare-pytorch} the project's PyTorch script (tools/pytorch_bench.py), on the best
 * OpenBLAS kernel for this CPU; with {@code --compare-onnxruntime}, ONNX Runtime for Java on the inference workloads
 * exported from PyTorch (tools/onnxruntime-bench.sh); with {@code --compare-djl}, PyTorch 2.7 from Java through DJL
 * (tools/djl-bench.sh). Each peer runs a workload right after rnn4j has run it, so that the two are measured within a
 * minute or two of each other. Prints per workload each side's median with its min and max over the windows, the
 * ratios (&gt; 1: rnn4j is better), the fraction of the GEMM peak, and the memory each side's step took.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ServeLoadCommand.class,
        description = "Measure the reference workloads W1-W8, I1-I3 and I1/I2 with int8 and bf16 weights (optionally against PyTorch, ONNX Runtime and DJL); bench serve load-tests the demo server.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--only", split = ",", description = "Workloads to run (default: ${DEFAULT-VALUE}; W6-W8 take minutes each; also S128-mingru ... S2048-lstm: W2 at T 128, 512, 2048 with minGRU, minLSTM, GRU, LSTM).", defaultValue = "W1,W2,W3,W4,W5,W6,W7,W8,I1,I2,I3,I1-int8,I2-int8,I1-bf16,I2-bf16")
    List<String> only;

    @Option(names = "--compare-pytorch", description = "Also run tools/pytorch_bench.py on the workloads and on the 512^3 GEMM, and report the ratios.")
    boolean comparePytorch;

    @Option(names = "--compare-onnxruntime", description = "Also run ONNX Runtime on I1, I2, I3 (tools/onnxruntime-bench.sh) and report the ratio.")
    boolean compareOnnxRuntime;

    @Option(names = "--compare-djl", description = "Also run PyTorch 2.7 through DJL (tools/djl-bench.sh; oneDNN on and off, the better kept) and report the ratio.")
    boolean compareDjl;

    @Option(names = "--python", description = "Python with Debian's python3-torch (default: ${DEFAULT-VALUE}).", defaultValue = "/usr/bin/python3")
    String python;

    @Option(names = "--pytorch-script", description = "The reference script (default: ${DEFAULT-VALUE}).", defaultValue = "tools/pytorch_bench.py")
    Path script;

    @Option(names = "--pytorch-threads", description = "Thread counts the peers are measured at; their best is compared (default: ${DEFAULT-VALUE}).", defaultValue = "1,2")
    String pytorchThreads;

    @Option(names = "--threads", description = "Threads for rnn4j (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Also write the table as a JSON array to FILE.")
    File json;

    @Option(names = "--verbose", description = "Show stack traces of failures.")
    boolean verbose;

    /** A comparator: its name, the workloads it runs, and how to run one of them into a JSON file. */
    private record Peer(String name, List<String> workloads, PeerRun run) {}

    @FunctionalInterface
    private interface PeerRun {
        Map<String, JsonNode> run(String workload) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        for (String id : only) {
            if (!Workloads.ids().contains(id)) throw new IllegalArgumentException("unknown workload " + id + "; expected some of " + Workloads.ids());
        }
        List<Peer> peers = new ArrayList<>();
        // PyTorch's quantized rows are its dynamically quantized int8 LSTM; it has no bf16-weight, float32-activation LSTM
        // nor minGRU or minLSTM, which exist only as community code
        if (comparePytorch) peers.add(new Peer("pytorch", Workloads.ids().stream().filter(id -> !id.endsWith("bf16") && !id.contains("-min")).toList(), this::runPytorch));
        if (compareOnnxRuntime) {
            peers.add(new Peer("onnxruntime", List.of("I1", "I2", "I3"), id -> runScript("onnxruntime", "tools/onnxruntime-bench.sh", id)));
            // the same workloads on rnn4j's own export of the same models, beside PyTorch's export
            peers.add(new Peer("ort-rnn4j-file", List.of("I1", "I2", "I3"), id -> runScript("onnxruntime", "tools/onnxruntime-bench.sh", id, "--source", "rnn4j")));
        }
        if (compareDjl) peers.add(new Peer("djl", List.of("W1", "W2", "W3", "W4", "W6", "W7", "W8", "I1", "I2"), id -> runScript("djl", "tools/djl-bench.sh", id)));
        Compute compute = threads == null ? Compute.auto() : new Compute(Compute.bestKernels(), threads);
        System.out.printf("rnn4j: kernels %s, %d threads, Java %s, JVM options %s%n", compute.kernels().name(), compute.threads(), Runtime.version(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        double before = Bench.gemmPeak(compute);
        System.out.printf("  GEMM 512x512x512: %.1f GFLOP/s%n", before);
        JsonNode theirGemm = comparePytorch ? runPytorch("GEMM").get("GEMM") : null;
        Map<String, Bench.Result> ours = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> theirs = new LinkedHashMap<>();
        for (Peer p : peers) theirs.put(p.name(), new LinkedHashMap<>());
        for (String id : only) {
            Bench.Result r = Bench.measure(Workloads.create(id, compute));
            ours.put(id, r);
            System.out.printf("  %-7s %12.1f %-17s (min %.1f, max %.1f)  %6.1f GFLOP/s  peak heap %5.0f MB%n", id, r.median(), r.unit(), r.min(), r.max(),
                    r.gflops(), r.peakHeap() / 1e6);
            // each peer right after ours on the same workload: this VM's speed drifts from minute to minute
            for (Peer p : peers) if (p.workloads().contains(id)) theirs.get(p.name()).putAll(p.run().run(id));
        }
        double after = Bench.gemmPeak(compute), peak = Math.max(before, after);       // this VM's speed drifts: the better of the two
        System.out.printf("  GEMM 512x512x512: %.1f GFLOP/s; the peak the workloads are read against: %.1f%n", after, peak);
        double theirPeak = theirGemm == null ? Double.NaN : theirGemm.get("max").asDouble();  // best windows on both sides, as rnn4j's peak is
        if (theirGemm != null) {
            System.out.printf("  PyTorch's GEMM 512x512x512 (%s, %d threads): %.1f GFLOP/s; rnn4j's peak against it: %.2fx%n", theirGemm.get("blas").asText(),
                    theirGemm.get("best_threads").asInt(), theirPeak, peak / theirPeak);
        }
        System.out.println();
        for (Bench.Result r : ours.values()) System.out.printf("  %-7s %6.1f GFLOP/s = %3.0f%% of the GEMM peak%n", r.id(), r.gflops(), 100 * r.gflops() / peak);
        System.out.println();
        System.out.println("  the workloads' matrix products alone, against the same peak:");
        List<GemmShapes.Result> shapes = new ArrayList<>();
        for (GemmShapes.Shape s : GemmShapes.all()) {
            if (!only.contains(s.workload())) continue;
            GemmShapes.Result g = GemmShapes.measure(s, compute);
            shapes.add(g);
            System.out.printf("  %-3s %-9s %-22s %6.1f GFLOP/s = %3.0f%%%n", s.workload(), s.role(), s.dims(), g.gflops(), 100 * g.gflops() / peak);
        }

        Map<String, Long> held = new LinkedHashMap<>();
        for (String id : ours.keySet()) held.put(id, Workloads.activationBytes(id, compute));
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode table = mapper.createArrayNode();
        System.out.println();
        StringBuilder head = new StringBuilder(String.format("%-8s %-17s %26s %5s", "workload", "unit", "rnn4j (min-max)", "peak"));
        for (Peer p : peers) head.append(String.format(" %26s %7s", p.name() + " (min-max)", "ratio"));
        System.out.println(head);
        for (Bench.Result r : ours.values()) {
            StringBuilder line = new StringBuilder(String.format("%-8s %-17s %26s %4.0f%%", r.id(), r.unit(), range(r.median(), r.min(), r.max()), 100 * r.gflops() / peak));
            var row = table.addObject().put("workload", r.id()).put("unit", r.unit()).put("rnn4j", r.median()).put("rnn4j_min", r.min()).put("rnn4j_max", r.max())
                    .put("rnn4j_gflops", r.gflops()).put("gemm_peak_gflops", peak).put("rnn4j_peak_heap_bytes", r.peakHeap());
            if (held.get(r.id()) >= 0) row.put("rnn4j_activation_bytes", held.get(r.id()));
            for (Peer p : peers) {
                JsonNode t = theirs.get(p.name()).get(r.id());
                Double ratio = ratio(r, t);
                line.append(String.format(" %26s %7s", t == null ? "-" : range(t.get("median").asDouble(), t.get("min").asDouble(), t.get("max").asDouble()),
                        ratio == null ? "-" : String.format("%.2fx", ratio)));
                if (t == null) continue;
                String n = p.name();
                row.put(n, t.get("median").asDouble()).put(n + "_min", t.get("min").asDouble()).put(n + "_max", t.get("max").asDouble()).put(n + "_ratio", ratio)
                        .put(n + "_threads", t.get("best_threads").asInt());
                for (String extra : List.of("blas", "onednn", "quantized_engine", "peak_resident_bytes")) if (t.has(extra)) row.set(n + "_" + extra, t.get(extra));
            }
            System.out.println(line);
        }
        printMemory(ours, held, theirs);
        for (GemmShapes.Result g : shapes) {
            GemmShapes.Shape s = g.shape();
            table.addObject().put("workload", s.workload()).put("gemm", s.role()).put("m", s.m()).put("n", s.n()).put("k", s.k()).put("steps", s.steps())
                    .put("rnn4j_gflops", g.gflops()).put("gemm_peak_gflops", peak);
        }
        if (theirGemm != null) {
            table.addObject().put("workload", "GEMM").put("unit", "GFLOP/s").put("rnn4j", peak).put("pytorch", theirPeak)
                    .put("pytorch_ratio", peak / theirPeak).put("pytorch_threads", theirGemm.get("best_threads").asInt())
                    .set("pytorch_blas", theirGemm.get("blas"));
        }
        if (json != null) mapper.writerWithDefaultPrettyPrinter().writeValue(json, table);
        return 0;
    }

    /**
     * Memory per workload: the heap rnn4j's step holds for its backward (character-LM workloads;
     * {@link Workloads#activationBytes}) and its peak heap, garbage included; each peer's added peak resident memory.
     */
    private static void printMemory(Map<String, Bench.Result> ours, Map<String, Long> held, Map<String, Map<String, JsonNode>> theirs) {
        System.out.println();
        StringBuilder head = new StringBuilder(String.format("%-8s %22s %16s", "memory", "rnn4j held for BPTT MB", "rnn4j peak MB"));
        for (String p : theirs.keySet()) head.append(String.format(" %20s", p + " resident MB"));
        System.out.println(head);
        for (Bench.Result r : ours.values()) {
            long h = held.get(r.id());
            StringBuilder line = new StringBuilder(String.format("%-8s %22s %16.0f", r.id(), h < 0 ? "-" : String.format("%.0f", h / 1e6), r.peakHeap() / 1e6));
            for (Map<String, JsonNode> t : theirs.values()) {
                JsonNode row = t.get(r.id());
                line.append(row == null || !row.has("peak_resident_bytes") ? String.format(" %20s", "-") : String.format(" %20.0f", row.get("peak_resident_bytes").asDouble() / 1e6));
            }
            System.out.println(line);
        }
    }

    /** Ours against theirs, &gt; 1 when ours is better; null without theirs. */
    private static Double ratio(Bench.Result ours, JsonNode theirs) {
        if (theirs == null) return null;
        double t = theirs.get("median").asDouble();
        return ours.higherIsBetter() ? ours.median() / t : t / ours.median();
    }

    private static String range(double median, double min, double max) {
        return String.format("%.1f (%.1f-%.1f)", median, min, max);
    }

    /** Runs a peer's script (ONNX Runtime's, DJL's) on one workload after ours, on the same machine, and returns its best row. */
    private Map<String, JsonNode> runScript(String name, String script, String workload, String... extra) throws Exception {
        Path out = Files.createTempFile("rnn4j-" + name, ".json");
        List<String> cmd = new ArrayList<>(List.of(project(script).toString(), "--only", workload, "--threads", pytorchThreads, "--json", out.toString()));
        cmd.addAll(List.of(extra));
        System.out.println();
        System.out.println(name + ": " + String.join(" ", cmd));
        int code = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        if (code != 0) throw new IllegalStateException(script + " exited with " + code + " (it needs Maven to fetch its libraries" + (name.equals("onnxruntime") ? ", and python3-torch to export the models)" : ")"));
        return best(out);
    }

    /**
     * Runs the PyTorch script on one workload after ours, on the same machine, and returns its best row. OpenBLAS
     * picks its kernel for this CPU: the environment's OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which pin an older
     * kernel, are removed for this command alone.
     */
    private Map<String, JsonNode> runPytorch(String workload) throws Exception {
        script = project(script.toString());
        if (!Files.isRegularFile(script)) throw new IllegalArgumentException("PyTorch reference script not found: " + script + " (run from the project root or pass --pytorch-script)");
        Path out = Files.createTempFile("rnn4j-pytorch", ".json");
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--only", workload, "--threads", pytorchThreads, "--json", out.toString()));
        System.out.println();
        System.out.println("pytorch: " + String.join(" ", cmd) + " (without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE)");
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        int code = pb.start().waitFor();
        if (code != 0) throw new IllegalStateException("the PyTorch reference exited with " + code + " (needs Debian's python3-torch and libopenblas0-pthread)");
        Map<String, JsonNode> best = best(out);
        for (JsonNode row : best.values()) {
            if (!row.get("blas").asText().startsWith("OpenBLAS")) {
                System.err.println("warning: PyTorch ran on " + row.get("blas").asText() + "; the comparison is not fair");
                break;
            }
        }
        if (!best.isEmpty()) System.out.println("pytorch: " + best.values().iterator().next().get("blas").asText());
        return best;
    }

    /** The "best" row per workload of a comparator's JSON file, which is then deleted. */
    private static Map<String, JsonNode> best(Path file) throws java.io.IOException {
        Map<String, JsonNode> best = new LinkedHashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(file.toFile())) {
            if ("best".equals(row.get("threads").asText())) best.put(row.get("workload").asText(), row);
        }
        Files.deleteIfExists(file);
        return best;
    }

    /** A project file named relative to the project root, found from the launcher's RNN4J_HOME when not in the working directory. */
    private static Path project(String name) {
        Path p = Path.of(name);
        if (!Files.exists(p) && !p.isAbsolute() && System.getenv("RNN4J_HOME") != null) return Path.of(System.getenv("RNN4J_HOME")).resolve(p);
        return p;
    }
}
