package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.model.Models;
import org.rnn4j.onnx.Onnx;
import org.rnn4j.tensor.Compute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j export --onnx MODEL OUT.onnx}: the model as an ONNX graph (opset 17) of ONNX's own RNN, LSTM and GRU
 * operators, for ONNX Runtime and every other runtime that reads ONNX; prints the graph's inputs and outputs.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a model as ONNX, for ONNX Runtime and other runtimes.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, description = "Write ONNX (opset 17), with the vocabulary and labels in its metadata.") boolean onnx;
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by rnn4j train (or quantize: its weights are written in float32).") Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "The .onnx file to write (seq2seq and caption: NAME-encoder.onnx and NAME-decoder.onnx beside it).") Path out;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        Require.readable("MODEL", in);
        Require.writable("OUT", out, in);
        Models.Loaded loaded = Models.load(in, new Compute(Compute.bestKernels(), 1));
        for (Path f : Onnx.files(loaded.model(), out)) Require.writable("OUT", f, in);
        for (Onnx.Written w : Onnx.export(loaded.model(), loaded.metadata(), out)) {
            System.out.printf(Locale.ROOT, "%s: ONNX opset %d, %,d bytes%n  inputs   %s%n  outputs  %s%n", w.file(), Onnx.OPSET, Files.size(w.file()), w.inputs(), w.outputs());
        }
        return 0;
    }
}
