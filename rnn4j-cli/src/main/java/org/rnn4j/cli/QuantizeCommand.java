package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.model.Models;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Precision;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j quantize --int8|--bf16 IN OUT}: a model file with every weight matrix stored in int8 (per output row
 * scales) or bf16, for inference: a quarter or half the size, read by predict, evaluate, generate and serve as any
 * model file. Biases stay float32; activations and sums are float32 at inference.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true, description = "Write a model with its weights in int8 or bf16, for inference.")
final class QuantizeCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1") Target target;
    @Parameters(index = "0", paramLabel = "IN", description = "A model file in float32.") Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "The model file to write.") Path out;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    /** The precision asked for: exactly one of the two. */
    static final class Target {
        @Option(names = "--int8", required = true, description = "8-bit integers with one scale per output unit.") boolean int8;
        @Option(names = "--bf16", required = true, description = "bfloat16.") boolean bf16;

        Precision precision() { return int8 ? Precision.INT8 : Precision.BF16; }
    }

    @Override
    public Integer call() throws Exception {
        Require.readable("IN", in);
        Require.writable("OUT", out, in);
        Models.Loaded loaded = Models.load(in, new Compute(Compute.bestKernels(), 1));
        Precision from = Models.precision(loaded.model()), to = target.precision();
        if (from != Precision.FLOAT32) throw new IllegalArgumentException(in + " is already in " + name(from) + "; quantize its float32 original");
        Models.quantize(loaded.model(), to);
        Map<String, String> provenance = new LinkedHashMap<>(loaded.metadata());
        provenance.put("quantized_from", in.getFileName().toString());
        loaded.model().save(out, provenance);
        long before = Files.size(in), after = Files.size(out);
        System.out.printf(Locale.ROOT, "%s: %s, %,d bytes (%s in float32: %,d bytes, %.0f%%)%n", out, name(to), after, in.getFileName(), before, 100.0 * after / before);
        return 0;
    }

    private static String name(Precision p) { return p.name().toLowerCase(Locale.ROOT); }
}
