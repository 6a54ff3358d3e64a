package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.model.Decoding;
import org.rnn4j.task.Generating;
import org.rnn4j.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j generate}: continue a prompt (lm), translate a source (seq2seq) or caption a vector (caption). */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate text with a language model, seq2seq or caption model.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by rnn4j train.") Path model;
    @Option(names = "--prompt", defaultValue = "", description = "lm: the text to continue; seq2seq: the source; caption: {\"x\": [...]}.") String prompt;
    @Option(names = "--length", defaultValue = "0", description = "Tokens to generate at most (0: the task's default).") int length;
    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default ${DEFAULT-VALUE}).") double temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "Sample from the k most likely tokens (0: all).") int topK;
    @Option(names = "--beam", defaultValue = "0", description = "Beam search of this width, printing the best candidates with scores.") int beam;
    @Option(names = "--greedy", description = "The most likely token at every step.") boolean greedy;
    @Option(names = "--samples", defaultValue = "1", description = "How many samples to draw (default ${DEFAULT-VALUE}).") int samples;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed for sampling (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--threads", defaultValue = "0", description = "Compute threads (0: all cores).") int threads;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        TaskModel<Object, Object, Model<Object, Object>> tm = TaskModel.load(model, threads);
        if (!(tm.task() instanceof Generating<Object, Object, Model<Object, Object>> g)) {
            throw new IllegalArgumentException(model + " is a " + tm.metadata().get("kind") + " model for a task that does not generate; use rnn4j predict");
        }
        int max = length > 0 ? length : g.maxLength();
        Decoding.Strategy strategy = beam > 0 ? new Decoding.Beam(beam, 1.0) : greedy ? new Decoding.Greedy() : new Decoding.Sample(temperature, topK);
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
