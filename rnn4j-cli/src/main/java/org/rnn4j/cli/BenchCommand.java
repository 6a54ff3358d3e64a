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
 * the comparators: with {@code --compare-pytorch} the project's PyTorch script (tools/pytorch_bench.py), on the
 * best OpenBLAS kernel for this CPU; with {@code --compare-onnxruntime}, ONNX Runtime for Java on the inference
 * workloads exported from PyTorch (tools/onnxruntime-bench.sh). Each comparator runs a workload right after rnn4j
 * has run it, so the two are measured within a minute or two of each other. Prints per workload each side's median
 * with its min and max over the windows, and the ratios (&gt; 1: rnn4j is better).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ServeLoadCommand.class,
        description = "Measure the reference workloads W1-W5, I1-I3 (optionally against PyTorch and ONNX Runtime); bench serve load-tests the demo server.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--only", split = ",", description = "Workloads to run (default: ${DEFAULT-VALUE}).", defaultValue = "W1,W2,W3,W4,W5,I1,I2,I3")
    List<String> only;

    @Option(names = "--compare-pytorch", description = "Also run tools/pytorch_bench.py and report the ratio.")
    boolean comparePytorch;

    @Option(names = "--compare-onnxruntime", description = "Also run ONNX Runtime on I1, I2, I3 (tools/onnxruntime-bench.sh) and report the ratio.")
    boolean compareOnnxRuntime;

    @Option(names = "--python", description = "Python with Debian's python3-torch (default: ${DEFAULT-VALUE}).", defaultValue = "/usr/bin/python3")
    String python;

    @Option(names = "--pytorch-script", description = "The reference script (default: ${DEFAULT-VALUE}).", defaultValue = "tools/pytorch_bench.py")
    Path script;

    @Option(names = "--pytorch-threads", description = "Thread counts PyTorch and ONNX Runtime are measured at; their best is compared (default: ${DEFAULT-VALUE}).", defaultValue = "1,2")
    String pytorchThreads;

    @Option(names = "--threads", description = "Threads for rnn4j (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Also write the table as a JSON array to FILE.")
    File json;

    @Option(names = "--verbose", description = "Show stack traces of failures.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        for (String id : only) {
            if (!Workloads.ids().contains(id)) throw new IllegalArgumentException("unknown workload " + id + "; expected some of " + Workloads.ids());
        }
        Compute compute = threads == null ? Compute.auto() : new Compute(Compute.bestKernels(), threads);
        System.out.printf("rnn4j: kernels %s, %d threads, Java %s, JVM options %s%n", compute.kernels().name(), compute.threads(), Runtime.version(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        double before = Bench.gemmPeak(compute);
        System.out.printf("  GEMM 512x512x512: %.1f GFLOP/s%n", before);
        Map<String, Bench.Result> ours = new LinkedHashMap<>();
        Map<String, JsonNode> torch = new LinkedHashMap<>(), onnx = new LinkedHashMap<>();
        for (String id : only) {
            Bench.Result r = Bench.measure(Workloads.create(id, compute));
            ours.put(id, r);
            System.out.printf("  %-3s %12.1f %-17s (min %.1f, max %.1f)  %6.1f GFLOP/s  peak heap %5.0f MB%n", id, r.median(), r.unit(), r.min(), r.max(), r.gflops(), r.peakHeap() / 1e6);
            // each comparator right after ours on the same workload: this VM's speed drifts from minute to minute
            if (comparePytorch) torch.putAll(runPytorch(id));
            if (compareOnnxRuntime && ONNX_WORKLOADS.contains(id)) onnx.putAll(runOnnxRuntime(id));
        }
        double after = Bench.gemmPeak(compute), peak = Math.max(before, after);       // this VM's speed drifts: the better of the two
        System.out.printf("  GEMM 512x512x512: %.1f GFLOP/s; the peak the workloads are read against: %.1f%n", after, peak);
        System.out.println();
        for (Bench.Result r : ours.values()) System.out.printf("  %-3s %6.1f GFLOP/s = %3.0f%% of the GEMM peak%n", r.id(), r.gflops(), 100 * r.gflops() / peak);
        System.out.println();
        System.out.println("  the workloads' matrix products alone, against the same peak:");
        List<GemmShapes.Result> shapes = new ArrayList<>();
        for (GemmShapes.Shape s : GemmShapes.all()) {
            if (!only.contains(s.workload())) continue;
            GemmShapes.Result g = GemmShapes.measure(s, compute);
            shapes.add(g);
            System.out.printf("  %-3s %-9s %-22s %6.1f GFLOP/s = %3.0f%%%n", s.workload(), s.role(), s.dims(), g.gflops(), 100 * g.gflops() / peak);
        }

        ObjectMapper mapper = new ObjectMapper();
        ArrayNode table = mapper.createArrayNode();
        System.out.println();
        System.out.printf("%-8s %-17s %26s %26s %7s %26s %7s%n", "workload", "unit", "rnn4j (min-max)", "pytorch (min-max)", "ratio", "onnxruntime (min-max)", "ratio");
        for (Bench.Result r : ours.values()) {
            JsonNode p = torch.get(r.id()), o = onnx.get(r.id());
            Double pr = ratio(r, p), or = ratio(r, o);
            System.out.printf("%-8s %-17s %26s %26s %7s %26s %7s%n", r.id(), r.unit(), range(r.median(), r.min(), r.max()),
                    p == null ? "-" : range(p.get("median").asDouble(), p.get("min").asDouble(), p.get("max").asDouble()), pr == null ? "-" : String.format("%.2fx", pr),
                    o == null ? "-" : range(o.get("median").asDouble(), o.get("min").asDouble(), o.get("max").asDouble()), or == null ? "-" : String.format("%.2fx", or));
            var row = table.addObject().put("workload", r.id()).put("unit", r.unit()).put("rnn4j", r.median()).put("rnn4j_min", r.min()).put("rnn4j_max", r.max())
                    .put("rnn4j_gflops", r.gflops()).put("gemm_peak_gflops", peak).put("rnn4j_peak_heap_bytes", r.peakHeap());
            if (p == null) row.putNull("pytorch").putNull("ratio");
            else row.put("pytorch", p.get("median").asDouble()).put("pytorch_min", p.get("min").asDouble()).put("pytorch_max", p.get("max").asDouble()).put("ratio", pr)
                    .put("pytorch_threads", p.get("best_threads").asInt()).put("pytorch_blas", p.get("blas").asText());
            if (o != null) row.put("onnxruntime", o.get("median").asDouble()).put("onnxruntime_min", o.get("min").asDouble()).put("onnxruntime_max", o.get("max").asDouble())
                    .put("onnxruntime_ratio", or).put("onnxruntime_threads", o.get("best_threads").asInt());
        }
        for (GemmShapes.Result g : shapes) {
            GemmShapes.Shape s = g.shape();
            table.addObject().put("workload", s.workload()).put("gemm", s.role()).put("m", s.m()).put("n", s.n()).put("k", s.k()).put("steps", s.steps())
                    .put("rnn4j_gflops", g.gflops()).put("gemm_peak_gflops", peak);
        }
        if (json != null) mapper.writerWithDefaultPrettyPrinter().writeValue(json, table);
        return 0;
    }

    /** The workloads ONNX Runtime runs: the inference ones. */
    private static final List<String> ONNX_WORKLOADS = List.of("I1", "I2", "I3");

    /** Ours against theirs, &gt; 1 when ours is better; null without theirs. */
    private static Double ratio(Bench.Result ours, JsonNode theirs) {
        if (theirs == null) return null;
        double t = theirs.get("median").asDouble();
        return ours.higherIsBetter() ? ours.median() / t : t / ours.median();
    }

    private static String range(double median, double min, double max) {
        return String.format("%.1f (%.1f-%.1f)", median, min, max);
    }

    /** Runs ONNX Runtime on one workload after ours, on the same machine, and returns its best row. */
    private Map<String, JsonNode> runOnnxRuntime(String workload) throws Exception {
        Path out = Files.createTempFile("rnn4j-onnxruntime", ".json");
        List<String> cmd = List.of(project("tools/onnxruntime-bench.sh").toString(), "--only", workload, "--threads", pytorchThreads, "--json", out.toString());
        System.out.println();
        System.out.println("onnxruntime: " + String.join(" ", cmd));
        int code = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        if (code != 0) throw new IllegalStateException("the ONNX Runtime comparator exited with " + code + " (needs python3-torch to export the models, and Maven to fetch ONNX Runtime)");
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
