package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.embed.Corpus;
import org.rnn4j.embed.Embeddings;
import org.rnn4j.embed.Word2Vec;
import org.rnn4j.options.Bounds;
import org.rnn4j.tensor.Compute;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j vectors}: trains word2vec vectors on a text file and writes them in the word2vec text format that
 * {@code train --pretrained} reads; or looks into such a file: a word's nearest neighbours, or an analogy.
 */
@Command(name = "vectors", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Word vectors (word2vec): train them on a text file, or show a word's neighbours or an analogy.",
                "  rnn4j vectors --train corpus.txt --out vectors.txt [--dim 100] [--cbow] ...",
                "  rnn4j vectors --vectors vectors.txt --neighbours WORD",
                "  rnn4j vectors --vectors vectors.txt --analogy A B C      (A : B :: C : ?)"})
final class VectorsCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Job job;

    static final class Job {
        @Option(names = "--train", paramLabel = "FILE", description = "Plain UTF-8 text to train on; each line is a sentence, split into words as train --tokens words splits them.") Path train;
        @Option(names = "--neighbours", paramLabel = "WORD", description = "Print the words nearest to WORD by cosine.") String neighbours;
        @Option(names = "--analogy", arity = "3", paramLabel = "WORD", description = "A B C: print the words nearest to B - A + C (A is to B as C is to ?).") List<String> analogy;
    }

    @Option(names = "--out", paramLabel = "FILE", description = "With --train: where to write the vectors (word2vec text format).") Path out;
    @Option(names = "--vectors", paramLabel = "FILE", description = "With --neighbours or --analogy: a word2vec/GloVe text file.") Path vectors;
    @Option(names = "--top", defaultValue = "10", description = "How many words --neighbours and --analogy print (default ${DEFAULT-VALUE}).") int top;

    @Option(names = "--cbow", description = "Train CBOW (the context predicts the word) instead of skip-gram.") boolean cbow;
    @Option(names = "--dim", defaultValue = "100", description = "Size of a vector (default ${DEFAULT-VALUE}).") int dim;
    @Option(names = "--window", defaultValue = "5", description = "Largest context reach on either side; each position draws 1..window (default ${DEFAULT-VALUE}).") int window;
    @Option(names = "--negative", defaultValue = "5", description = "Noise words per target, drawn ∝ count^0.75 (default ${DEFAULT-VALUE}).") int negative;
    @Option(names = "--min-count", defaultValue = "5", description = "Leave out words seen fewer times (default ${DEFAULT-VALUE}).") int minCount;
    @Option(names = "--epochs", defaultValue = "5", description = "Passes over the text (default ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--sample", defaultValue = "1e-3", description = "Subsampling threshold t for frequent words; 0 keeps all (default ${DEFAULT-VALUE}).") double sample;
    @Option(names = "--lr", description = "Starting learning rate, falling linearly to 0 (default 0.025 skip-gram, 0.05 CBOW).") Double lr;
    @Option(names = "--threads", defaultValue = "0", description = "Workers updating the vectors at once, lock-free; 0 = all cores (default). One thread is reproducible from --seed.") int threads;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).") long seed;

    @Override
    public Integer call() throws Exception {
        Bounds.between("--top", top, 1, 1_000_000);
        if (job.analogy != null && job.analogy.size() != 3) throw new IllegalArgumentException("--analogy takes three words A B C (A is to B as C is to ?), got " + job.analogy.size());
        if (job.train != null) return train();
        if (out != null) throw new IllegalArgumentException("--out goes with --train; --neighbours and --analogy print");
        if (vectors == null) throw new IllegalArgumentException((job.neighbours != null ? "--neighbours" : "--analogy") + " needs --vectors FILE (written by rnn4j vectors --train ... --out FILE)");
        Require.readable("--vectors", vectors);
        Embeddings e = Embeddings.read(vectors);
        List<Embeddings.Neighbour> found = job.neighbours != null ? e.nearest(job.neighbours, top) : e.analogy(job.analogy.get(0), job.analogy.get(1), job.analogy.get(2), top);
        for (Embeddings.Neighbour n : found) System.out.printf("%-24s %.4f%n", n.word(), n.cosine());
        return 0;
    }

    private int train() throws Exception {
        if (out == null) throw new IllegalArgumentException("--train needs --out FILE for the vectors");
        if (vectors != null) throw new IllegalArgumentException("--vectors goes with --neighbours or --analogy; --train writes to --out");
        Require.readable("--train", job.train);
        Require.writable("--out", out, job.train);
        Bounds.between("--dim", dim, 1, 10_000);
        Bounds.between("--window", window, 1, 1000);
        Bounds.between("--negative", negative, 1, 1000);
        Bounds.between("--min-count", minCount, 1, Integer.MAX_VALUE);
        Bounds.between("--epochs", epochs, 1, 100_000);
        Require.threads(threads);
        Bounds.number("--sample", sample, 0, false, 1);
        if (lr != null) Bounds.number("--lr", lr, 0, true, 10);
        Word2Vec.Architecture architecture = cbow ? Word2Vec.Architecture.CBOW : Word2Vec.Architecture.SKIP_GRAM;
        Word2Vec.Config config = new Word2Vec.Config(architecture, dim, window, negative, minCount, epochs, sample,
                lr != null ? lr : Word2Vec.Config.defaults(architecture).learningRate(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors());

        long start = System.nanoTime();
        Corpus corpus = Corpus.read(job.train, minCount);
        System.out.printf("read %s: %,d words of %,d distinct words seen %d times or more (%.1f s)%n", job.train, corpus.size(), corpus.words().size(), minCount, (System.nanoTime() - start) / 1e9);
        System.out.printf("training %s, %d dimensions, window %d, %d noise words, %d epochs, t %.0e, lr %.3g, %d thread%s%n",
                architecture == Word2Vec.Architecture.CBOW ? "CBOW" : "skip-gram", dim, window, negative, epochs, sample, config.learningRate(), config.threads(), config.threads() == 1 ? "" : "s");
        long t0 = System.nanoTime();
        Embeddings e;
        try (Shown shown = new Shown(System.console() != null, t0)) {
            e = new Word2Vec(config, Compute.bestKernels()).train(corpus, new SplittableRandom(seed), shown);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        e.write(out);
        System.out.printf("trained %,d vectors in %.1f s: %,.0f words/s (%,.0f per thread); wrote %s%n", e.words().size(), seconds,
                epochs * corpus.size() / seconds, epochs * corpus.size() / seconds / config.threads(), out);
        return 0;
    }

    /** Progress as it goes: a bar on a terminal, drawn at most four times a second, otherwise a line every ten seconds. */
    private static final class Shown implements Word2Vec.Listener, AutoCloseable {
        private final boolean terminal;
        private final long start;
        private final BarLine line = new BarLine(System.out);
        private long lastLine;

        Shown(boolean terminal, long start) {
            this.terminal = terminal;
            this.start = start;
            this.lastLine = start;
        }

        @Override
        public synchronized void progress(long done, long total, double alpha, double loss) {
            long now = System.nanoTime();
            if (terminal) {
                if (!line.due(now, done >= total)) return;
                line.draw(now, new Bar("word2vec", Math.max(1, total), "words").line(done, (now - start) / 1e9, String.format("lr %.5f  loss %.4f", alpha, loss)));
            } else if (now - lastLine > 10_000_000_000L) {
                lastLine = now;
                System.out.printf("%,d/%,d words (%.0f%%)  %,.0f words/s  lr %.5f  loss %.4f%n", done, total, 100.0 * done / total, done / ((now - start) / 1e9), alpha, loss);
            }
        }

        @Override
        public synchronized void close() {
            line.clear();
        }
    }
}
