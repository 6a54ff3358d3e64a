package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.options.Bounds;
import org.rnn4j.task.Generating;
import org.rnn4j.task.TaskModel;
import org.rnn4j.tensor.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j generate}: continue a prompt (lm), translate a source (seq2seq) or caption a vector (caption). */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate text with a language model, seq2seq or caption model.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by rnn4j train.") Path model;
    @Option(names = "--prompt", defaultValue = "", description = "lm: the text to continue; seq2seq: the source; caption: {\"x\": [...]}.") String prompt;
    @Option(names = "--length", defaultValue = "0", description = "Tokens to generate at most (0: the task's default).") int length;
    @Option(names = "--temperature", description = "Sampling temperature (default 1).") Double temperature;
    @Option(names = "--top-k", description = "Sample from the k most likely tokens (default 0: all).") Integer topK;
    @Option(names = "--beam", description = "Beam search of this width (≥ 1), printing the best candidates with scores.") Integer beamWidth;
    @Option(names = "--greedy", description = "The most likely token at every step.") boolean greedy;
    @Option(names = "--samples", defaultValue = "1", description = "How many samples to draw (default ${DEFAULT-VALUE}).") int samples;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed for sampling (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--threads", defaultValue = "0", description = "Compute threads (0: all cores).") int threads;
    @Option(names = "--precision", defaultValue = "float32", description = "Weights in float32, bf16 or int8 for inference (default ${DEFAULT-VALUE}; a file quantized by rnn4j quantize keeps its own).", converter = PrecisionOption.class) Precision precision;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        int beam = beamWidth == null ? 0 : beamWidth;
        Bounds.between("--length", length, 0, 1 << 20);
        if (temperature != null) Bounds.number("--temperature", temperature, 0, true, 1000);
        if (topK != null) Bounds.between("--top-k", topK, 0, Integer.MAX_VALUE);
        if ((greedy || beam > 0) && (temperature != null || topK != null)) {
            throw new IllegalArgumentException("--temperature and --top-k shape sampling; " + (greedy ? "--greedy" : "--beam") + " does not sample. Give one way to decode");
        }
        if ((greedy || beam > 0) && samples != 1) throw new IllegalArgumentException("--samples counts samples; " + (greedy ? "--greedy" : "--beam") + " does not sample");
        if (beamWidth != null) Bounds.between("--beam", beamWidth, 1, 1024);
        Bounds.between("--samples", samples, 1, 1_000_000);
        Require.threads(threads);
        if (greedy && beam > 0) throw new IllegalArgumentException("--greedy and --beam choose different decoders; give one");
        TaskModel<Object, Object, Model<Object, Object>> tm = ModelFiles.load(model, threads, precision);
        if (!(tm.task() instanceof Generating<Object, Object, Model<Object, Object>> g)) {
            throw new IllegalArgumentException(model + " is a " + tm.metadata().get("kind") + " model for a task that does not generate; use rnn4j predict");
        }
        int max = length > 0 ? length : g.maxLength();
        Decoding.Strategy strategy = beam > 0 ? new Decoding.Beam(beam, 1.0) : greedy ? new Decoding.Greedy() : new Decoding.Sample(temperature == null ? 1.0 : temperature, topK == null ? 0 : topK);
        SplittableRandom rng = new SplittableRandom(seed);
        int rounds = strategy instanceof Decoding.Sample ? samples : 1;
        for (int i = 0; i < rounds; i++) {
            for (Generating.Text t : g.generate(tm.model(), prompt, strategy, max, rng)) {
                String text = g.show(prompt, t.text());
                System.out.println(beam > 0 ? String.format("%.4f\t%s", t.score(), text) : text);
            }
        }
        return 0;
    }
}
