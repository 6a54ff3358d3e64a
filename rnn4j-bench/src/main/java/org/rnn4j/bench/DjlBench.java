package org.rnn4j.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The DJL side of {@code rnn4j bench --compare-djl}: PyTorch 2.7 as a Java user gets it, DJL 0.36 on libtorch 2.7.1
 * for the CPU (MKL and oneDNN inside), on the workloads of {@link DjlWorkloads}, timed by the same harness as rnn4j's
 * ({@link Bench#measure}). Each workload runs at every thread count given, with oneDNN on and off (libtorch's
 * {@code torch.backends.mkldnn.enabled}; off, its LSTM and GRU take ATen's per-step path on MKL's GEMMs); the best of
 * them is compared. Before timing, the parameter count is checked against PyTorch's model. Prints one line per run
 * and writes the rows as JSON in the PyTorch script's layout, with the peak resident memory the workload added.
 *
 * <p>Usage: {@code DjlBench --only W1,I1 --threads 1,2 --json OUT}; run by tools/djl-bench.sh, which puts DJL and
 * libtorch on the class path and keeps DJL offline (libtorch is extracted from its jar, never downloaded).
 */
public final class DjlBench {
    private DjlBench() {}

    public static void main(String[] args) throws Exception {
        List<String> only = List.of(value(args, "--only", String.join(",", DjlWorkloads.ids())).split(","));
        List<String> threads = List.of(value(args, "--threads", "1,2").split(","));
        String json = value(args, "--json", null);
        Engine engine = Engine.getEngine("PyTorch");
        String versions = "DJL " + Engine.getDjlVersion() + ", libtorch " + engine.getVersion();
        System.out.println(versions + " from " + LibUtils.getLibtorchPath() + ", features " + JniUtils.getFeatures());
        try (DjlWorkloads.Run warm = DjlWorkloads.create("I1")) {  // libtorch's first-use allocations, so that no row counts them
            for (int i = 0; i < 3; i++) warm.workload().step().run();
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        for (String id : only) {
            ObjectNode best = null;
            for (String t : threads) {
                for (boolean oneDnn : new boolean[] {true, false}) {
                    JniUtils.setNumThreads(Integer.parseInt(t));
                    setOneDnn(oneDnn);
                    long before = resident("VmRSS");
                    try (DjlWorkloads.Run run = DjlWorkloads.create(id)) {
                        if (run.params() != run.expected()) {
                            throw new IllegalStateException(id + " has " + run.params() + " parameters in DJL, PyTorch's model " + run.expected());
                        }
                        Bench.Result r = Bench.measure(run.workload());
                        long peak = resident("VmHWM") - before;
                        ObjectNode row = rows.addObject().put("workload", id).put("unit", r.unit()).put("threads", JniUtils.getNumThreads()).put("onednn", oneDnn)
                                .put("median", r.median()).put("min", r.min()).put("max", r.max()).put("higher_is_better", r.higherIsBetter())
                                .put("djl", versions).put("params", run.params()).put("peak_resident_bytes", peak);
                        System.out.printf("%s threads=%s oneDNN %s: %.1f %s (min %.1f, max %.1f) [%s; %d parameters, as PyTorch; peak resident +%.0f MB]%n",
                                id, t, oneDnn ? "on" : "off", r.median(), r.unit(), r.min(), r.max(), versions, run.params(), peak / 1e6);
                        if (best == null || (r.higherIsBetter() ? r.median() > best.get("median").asDouble() : r.median() < best.get("median").asDouble())) best = row;
                    }
                }
            }
            ObjectNode row = rows.addObject();
            row.setAll(best);
            row.put("threads", "best").put("best_threads", best.get("threads").asInt());
        }
        if (json != null) mapper.writerWithDefaultPrettyPrinter().writeValue(new File(json), rows);
    }

    /**
     * at::globalContext().setUserEnabledMkldnn(on), which DJL does not wrap (Python: torch.backends.mkldnn.enabled),
     * called through JNA on the C++ symbols of the libtorch_cpu.so that DJL loaded.
     */
    private static void setOneDnn(boolean on) {
        NativeLibrary lib = NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath(), "libtorch_cpu.so").toString());
        Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        lib.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, on ? 1 : 0});
        boolean now = (lib.getFunction("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {context}) & 0xff) != 0;
        if (now != on) throw new IllegalStateException("libtorch did not turn oneDNN " + (on ? "on" : "off"));
    }

    /**
     * The process's resident memory (VmRSS) or its peak (VmHWM), in bytes. Reading VmRSS resets the peak
     * (/proc/self/clear_refs), so that VmHWM read later, minus it, is what the code in between added.
     */
    private static long resident(String field) throws IOException {
        if (field.equals("VmRSS")) Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        return 0;
    }

    private static String value(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
