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
import org.rnn4j.bench.Workloads;
import org.rnn4j.tensor.Compute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j bench}: runs the reference workloads of WORKLOADS.md, and with {@code --compare-pytorch} the
 * project's PyTorch script (tools/pytorch_bench.py) on the same machine in the same run, then prints per
 * workload our figure, PyTorch's best over its thread counts, and the ratio (&gt; 1: rnn4j is better).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ServeLoadCommand.class,
        description = "Measure the reference workloads W1-W5, I1, I2 (optionally against PyTorch); bench serve load-tests the demo server.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--only", split = ",", description = "Workloads to run (default: ${DEFAULT-VALUE}).", defaultValue = "W1,W2,W3,W4,W5,I1,I2")
    List<String> only;

    @Option(names = "--compare-pytorch", description = "Also run tools/pytorch_bench.py and report the ratio.")
    boolean comparePytorch;

    @Option(names = "--python", description = "Python with Debian's python3-torch (default: ${DEFAULT-VALUE}).", defaultValue = "/usr/bin/python3")
    String python;

    @Option(names = "--pytorch-script", description = "The reference script (default: ${DEFAULT-VALUE}).", defaultValue = "tools/pytorch_bench.py")
    Path script;

    @Option(names = "--pytorch-threads", description = "Thread counts PyTorch is measured at; its best is compared (default: ${DEFAULT-VALUE}).", defaultValue = "1,2")
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
        System.out.printf("rnn4j: kernels %s, %d threads, Java %s%n", compute.kernels().name(), compute.threads(), Runtime.version());
        Map<String, Bench.Result> ours = new LinkedHashMap<>();
        for (String id : only) {
            Bench.Result r = Bench.measure(Workloads.create(id, compute));
            ours.put(id, r);
            System.out.printf("  %-3s %12.1f %-17s (min %.1f, max %.1f)%n", id, r.median(), r.unit(), r.min(), r.max());
        }
        Map<String, JsonNode> theirs = comparePytorch ? runPytorch() : Map.of();

        ObjectMapper mapper = new ObjectMapper();
        ArrayNode table = mapper.createArrayNode();
        System.out.println();
        System.out.printf("%-8s %-18s %12s %12s %8s%n", "workload", "unit", "rnn4j", "pytorch", "ratio");
        for (Bench.Result r : ours.values()) {
            JsonNode p = theirs.get(r.id());
            Double pt = p == null ? null : p.get("median").asDouble();
            Double ratio = pt == null ? null : r.higherIsBetter() ? r.median() / pt : pt / r.median();
            System.out.printf("%-8s %-18s %12.1f %12s %8s%n", r.id(), r.unit(), r.median(),
                    pt == null ? "-" : String.format("%.1f", pt), ratio == null ? "-" : String.format("%.2fx", ratio));
            var row = table.addObject().put("workload", r.id()).put("unit", r.unit()).put("rnn4j", r.median());
            if (pt == null) row.putNull("pytorch").putNull("ratio");
            else row.put("pytorch", pt).put("ratio", ratio).put("pytorch_threads", p.get("best_threads").asInt()).put("pytorch_blas", p.get("blas").asText());
        }
        if (json != null) mapper.writerWithDefaultPrettyPrinter().writeValue(json, table);
        return 0;
    }

    /** Runs the PyTorch script after ours, on the same machine, and returns its best row per workload. */
    private Map<String, JsonNode> runPytorch() throws Exception {
        if (!Files.isRegularFile(script) && !script.isAbsolute() && System.getenv("RNN4J_HOME") != null) {
            script = Path.of(System.getenv("RNN4J_HOME")).resolve(script);          // the launcher says where the project is
        }
        if (!Files.isRegularFile(script)) throw new IllegalArgumentException("PyTorch reference script not found: " + script + " (run from the project root or pass --pytorch-script)");
        Path out = Files.createTempFile("rnn4j-pytorch", ".json");
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--only", String.join(",", only), "--threads", pytorchThreads, "--json", out.toString()));
        System.out.println();
        System.out.println("pytorch: " + String.join(" ", cmd));
        Process proc = new ProcessBuilder(cmd).inheritIO().start();
        int code = proc.waitFor();
        if (code != 0) throw new IllegalStateException("the PyTorch reference exited with " + code + " (needs Debian's python3-torch and libopenblas0-pthread)");
        Map<String, JsonNode> best = new LinkedHashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(out.toFile())) {
            if ("best".equals(row.get("threads").asText())) best.put(row.get("workload").asText(), row);
        }
        Files.deleteIfExists(out);
        for (JsonNode row : best.values()) {
            if (!row.get("blas").asText().startsWith("OpenBLAS")) {
                System.err.println("warning: PyTorch ran on " + row.get("blas").asText() + "; the comparison is not fair");
                break;
            }
        }
        return best;
    }
}
