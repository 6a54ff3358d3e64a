package org.rnn4j.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import org.rnn4j.tensor.Kernels;

/**
 * Word vectors trained from a text, as word2vec does it (Mikolov et al. 2013; the algorithm of word2vec.c):
 * skip-gram or CBOW with negative sampling, subsampling of frequent words, a dynamic window and a learning rate
 * falling linearly to zero over the run.
 *
 * <ol>
 *   <li>Each line of the corpus is a sentence; windows never cross a line's end.</li>
 *   <li>Subsampling: a word of frequency f (its share of the corpus) is kept with probability
 *       {@code (sqrt(f / t) + 1) · t / f}, t = {@link Config#sample()}; a discarded word leaves no gap.</li>
 *   <li>Dynamic window: for each position a reach r is drawn uniformly from 1..window; the context is the r
 *       kept words on either side.</li>
 *   <li>Skip-gram: every context word's input vector predicts the centre word (word2vec.c's order, which equals
 *       the paper's in expectation). CBOW: the mean of the context's input vectors predicts the centre word, and
 *       each context vector receives the gradient with respect to that mean, as in word2vec.c.</li>
 *   <li>The learning rate at a word is {@code alpha · max(1 - done / total, 10⁻⁴)}, done counting the words of
 *       all threads, refreshed every {@value #REFRESH} words.</li>
 * </ol>
 *
 * <p>Threads: each of {@code threads} workers trains on its own contiguous share of the corpus, and all update
 * the same two tables without locks ("Hogwild", as word2vec.c and fastText do): two threads rarely touch the
 * same word's vector at once, and when they do, one small update is lost. With one thread a run is reproducible
 * bit for bit from its seed; with more it is not, as with the C tool.
 */
public final class Word2Vec {
    /** Words between refreshes of the shared progress and the learning rate. */
    static final int REFRESH = 10_000;

    /** Skip-gram (a word predicts its context) or CBOW (the context predicts the word). */
    public enum Architecture { SKIP_GRAM, CBOW }

    /**
     * @param dim          E, the size of a vector
     * @param window       the largest reach of the context on either side
     * @param negative     k, noise words per target
     * @param minCount     words seen fewer times are left out
     * @param epochs       passes over the corpus
     * @param sample       t, the subsampling threshold (0: keep every word)
     * @param learningRate alpha at the start
     * @param threads      workers updating the vectors at once
     */
    public record Config(Architecture architecture, int dim, int window, int negative, int minCount, int epochs, double sample,
                         double learningRate, int threads) {
        public Config {
            if (dim < 1 || window < 1 || negative < 0 || minCount < 1 || epochs < 1 || threads < 1) {
                throw new IllegalArgumentException("word2vec needs dim, window, min count, epochs and threads ≥ 1 and negative ≥ 0, got "
                        + dim + ", " + window + ", " + minCount + ", " + epochs + ", " + threads + " and " + negative);
            }
            if (!(sample >= 0) || !(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("word2vec needs sample ≥ 0 and a finite learning rate > 0, got " + sample + " and " + learningRate);
            }
        }

        /** word2vec.c's defaults: E 100, window 5, 5 noise words, min count 5, 5 epochs, t 10⁻³, alpha 0.025 (skip-gram) or 0.05 (CBOW), one thread. */
        public static Config defaults(Architecture architecture) {
            return new Config(architecture, 100, 5, 5, 5, 5, 1e-3, architecture == Architecture.CBOW ? 0.05 : 0.025, 1);
        }
    }

    /** Progress, from the first worker: words done of all (epochs · corpus size), alpha now, the mean loss since the last call. */
    public interface Listener {
        void progress(long done, long total, double alpha, double loss);
    }

    private final Config config;
    private final Kernels kernels;

    public Word2Vec(Config config, Kernels kernels) {
        this.config = config;
        this.kernels = kernels;
    }

    /** Trains vectors for the corpus's words; each worker draws from its own split of {@code rng}. */
    public Embeddings train(Corpus corpus, SplittableRandom rng, Listener listener) {
        int words = corpus.words().size(), dim = config.dim();
        if ((long) words * dim > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(words + " words × " + dim + " dimensions do not fit in one table; raise --min-count or lower --dim");
        float[] in = new float[words * dim], out = new float[words * dim];
        for (int i = 0; i < in.length; i++) in[i] = (float) ((rng.nextDouble() - 0.5) / dim);    // word2vec.c's start; out starts at 0
        NegativeSampling objective = new NegativeSampling(kernels, corpus.counts(), dim, (int) Math.min(10_000_000L, 1000L * words));
        float[] keep = keepProbabilities(corpus.counts(), corpus.size(), config.sample());

        int[] text = corpus.tokens();
        int threads = (int) Math.max(1, Math.min(config.threads(), text.length / 1000));
        Progress progress = new Progress((long) config.epochs() * corpus.size(), listener);
        List<Thread> workers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            Worker w = new Worker(text, (int) ((long) text.length * t / threads), (int) ((long) text.length * (t + 1) / threads),
                    in, out, keep, objective, rng.split(), progress, t == 0);
            Thread thread = new Thread(w, "word2vec-" + t);
            thread.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
            workers.add(thread);
        }
        workers.forEach(Thread::start);
        for (Thread thread : workers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                workers.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("word2vec training was interrupted", e);
            }
        }
        if (failure.get() != null) throw new IllegalStateException("word2vec training failed: " + failure.get(), failure.get());
        progress.report();                               // the whole run, whichever worker finished last
        return new Embeddings(corpus.words(), in, dim);
    }

    /** [W] the probability of keeping each word under subsampling with threshold t (1 when t = 0). */
    static float[] keepProbabilities(long[] counts, long total, double t) {
        float[] keep = new float[counts.length];
        for (int w = 0; w < counts.length; w++) {
            double f = counts[w] / (double) total;
            keep[w] = t == 0 ? 1f : (float) Math.min(1.0, (Math.sqrt(f / t) + 1) * t / f);
        }
        return keep;
    }

    /** The words done by all workers, the learning rate they give, and the loss to report. */
    private final class Progress {
        final long total;
        final Listener listener;
        final AtomicLong done = new AtomicLong();
        final DoubleAdder loss = new DoubleAdder();
        final AtomicLong terms = new AtomicLong();

        Progress(long total, Listener listener) {
            this.total = total;
            this.listener = listener;
        }

        float alpha() {
            return (float) (config.learningRate() * Math.max(1 - done.get() / (double) (total + 1), 1e-4));
        }

        void report() {
            long n = terms.getAndSet(0);
            double sum = loss.sumThenReset();
            if (listener != null) listener.progress(Math.min(done.get(), total), total, alpha(), n == 0 ? Double.NaN : sum / n);
        }
    }

    /** One thread's share of the corpus, for every epoch. */
    private final class Worker implements Runnable {
        final int[] text;
        final int from, to;
        final float[] in, out, keep;
        final NegativeSampling objective;
        final SplittableRandom rng;
        final Progress progress;
        final boolean reports;
        final int[] sentence = new int[1000], noise;
        final float[] h, dh;

        Worker(int[] text, int from, int to, float[] in, float[] out, float[] keep, NegativeSampling objective, SplittableRandom rng, Progress progress, boolean reports) {
            this.text = text;
            this.from = from;
            this.to = to;
            this.in = in;
            this.out = out;
            this.keep = keep;
            this.objective = objective;
            this.rng = rng;
            this.progress = progress;
            this.reports = reports;
            this.h = new float[config.dim()];
            this.dh = new float[config.dim()];
            this.noise = new int[config.negative()];
        }

        @Override
        public void run() {
            long counted = 0;
            float alpha = progress.alpha();
            double loss = 0;
            long terms = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                int pos = from;
                while (pos < to) {
                    if (Thread.currentThread().isInterrupted()) return;
                    int n = 0, read = 0;                 // a sentence: up to 1000 kept words, ending at a line's end
                    for (; pos < to && n < sentence.length; pos++) {
                        int w = text[pos];
                        if (w == Corpus.END) {
                            pos++;
                            break;
                        }
                        read++;
                        if (keep[w] >= 1f || keep[w] > rng.nextFloat()) sentence[n++] = w;
                    }
                    for (int i = 0; i < n; i++) {
                        loss += config.architecture() == Architecture.CBOW ? cbow(i, n, alpha) : skipGram(i, n, alpha);
                        terms++;
                    }
                    counted += read;
                    if (counted >= REFRESH) {
                        progress.done.addAndGet(counted);
                        progress.loss.add(loss);
                        progress.terms.addAndGet(terms);
                        counted = 0;
                        loss = 0;
                        terms = 0;
                        alpha = progress.alpha();
                        if (reports) progress.report();
                    }
                }
            }
            progress.done.addAndGet(counted);
            progress.loss.add(loss);
            progress.terms.addAndGet(terms);
        }

        /** Each context word's input vector predicts sentence[i]; returns the mean loss over the context. */
        double skipGram(int i, int n, float alpha) {
            int reach = 1 + rng.nextInt(config.window());
            double loss = 0;
            int count = 0;
            for (int j = Math.max(0, i - reach); j <= Math.min(n - 1, i + reach); j++) {
                if (j == i) continue;
                objective.draw(rng, noise);
                loss += skipGramStep(objective, kernels, in, sentence[j], out, sentence[i], noise, alpha, dh);
                count++;
            }
            return count == 0 ? 0 : loss / count;
        }

        /** The mean of the context's input vectors predicts sentence[i]. */
        double cbow(int i, int n, float alpha) {
            int reach = 1 + rng.nextInt(config.window());
            int lo = Math.max(0, i - reach), hi = Math.min(n - 1, i + reach);
            if (hi == lo) return 0;
            objective.draw(rng, noise);
            return cbowStep(objective, kernels, in, sentence, lo, hi, i, out, noise, alpha, h, dh);
        }
    }

    /**
     * Skip-gram at one pair: the input vector of {@code context} is h, {@code target} the word to predict.
     *
     * @param in  [W, E] the input vectors; row {@code context} moves by {@code -alpha · ∂L/∂h}
     * @param out [W, E] the output vectors, updated by {@link NegativeSampling#step}
     * @param dh  [E] scratch
     * @return L before the step
     */
    static double skipGramStep(NegativeSampling objective, Kernels kernels, float[] in, int context, float[] out, int target, int[] noise, float alpha, float[] dh) {
        int dim = dh.length;
        java.util.Arrays.fill(dh, 0f);
        double loss = objective.step(in, context * dim, out, target, noise, alpha, dh, 0);
        kernels.axpy(1f, dh, 0, in, context * dim, dim);
        return loss;
    }

    /**
     * CBOW at one position: h is the mean of the input vectors of words[lo..hi] except words[centre], which is the
     * word to predict; each of those input vectors moves by {@code -alpha · ∂L/∂h} (word2vec.c's update: the
     * gradient with respect to the mean, not divided among the words).
     *
     * @param h, dh [E] scratch
     * @return L before the step
     */
    static double cbowStep(NegativeSampling objective, Kernels kernels, float[] in, int[] words, int lo, int hi, int centre, float[] out, int[] noise, float alpha,
                           float[] h, float[] dh) {
        int dim = h.length, count = hi - lo;
        java.util.Arrays.fill(h, 0f);
        for (int j = lo; j <= hi; j++) if (j != centre) kernels.axpy(1f, in, words[j] * dim, h, 0, dim);
        float scale = 1f / count;
        for (int e = 0; e < dim; e++) h[e] *= scale;
        java.util.Arrays.fill(dh, 0f);
        double loss = objective.step(h, 0, out, words[centre], noise, alpha, dh, 0);
        for (int j = lo; j <= hi; j++) if (j != centre) kernels.axpy(1f, dh, 0, in, words[j] * dim, dim);
        return loss;
    }
}
