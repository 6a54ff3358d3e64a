package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.task.TaskModel;
import org.rnn4j.data.LineReader;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.tensor.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j predict}: one prediction per input line, from a file or standard input. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict for each input line: text to classify, tag or translate, a prompt, or a JSON object with \"x\".",
                "A language model continues each line by sampling at temperature 0.7 with seed 1 (the same line, the same continuation);"
                        + " rnn4j generate offers greedy decoding, beam search and other temperatures."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by rnn4j train.") Path model;
    @Option(names = "--input", paramLabel = "FILE", description = "Input lines (default: standard input).") Path input;
    @Option(names = "--json", description = "Print one JSON object per input line.") boolean json;
    @Option(names = "--beam", defaultValue = "1", description = "seq2seq and caption: decode by beam search of this width (default ${DEFAULT-VALUE}: greedy).") int beam;
    @Option(names = "--threads", defaultValue = "0", description = "Compute threads (0: all cores).") int threads;
    @Option(names = "--precision", defaultValue = "float32", description = "Weights in float32, bf16 or int8 for inference (default ${DEFAULT-VALUE}; a file quantized by rnn4j quantize keeps its own).", converter = PrecisionOption.class) Precision precision;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        TaskModel<Object, Object, Model<Object, Object>> tm = ModelFiles.load(model, threads, precision);
        Decoding.Strategy decoding = Decoders.of(beam, tm.task());
        if (input != null) {
            Require.readable("--input", input);
            try (var lines = LineReader.lines(input)) {
                lines.forEach(l -> print(tm, decoding, l.text(), input, l.number()));
            }
        } else {
            LineReader in = new LineReader(System.in, Path.of("<stdin>"));        // strict UTF-8, numbered lines, streaming
            while (in.hasNext()) {
                LineReader.Line l = in.next();
                print(tm, decoding, l.text(), Path.of("<stdin>"), l.number());
            }
        }
        return 0;
    }

    private void print(TaskModel<Object, Object, Model<Object, Object>> tm, Decoding.Strategy decoding, String line, Path file, long number) {
        if (line.isBlank()) return;
        com.fasterxml.jackson.databind.node.ObjectNode out = Decoders.predict(tm.task(), tm.model(), line, file, number, decoding);
        System.out.println(json ? out.toString() : org.rnn4j.task.Task.line(out.get("prediction")));
        System.out.flush();
    }
}
