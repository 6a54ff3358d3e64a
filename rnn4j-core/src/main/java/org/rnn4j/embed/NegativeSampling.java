package org.rnn4j.embed;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Kernels;

/**
 * The negative-sampling objective of word2vec (Mikolov et al. 2013, eq. 4) for one hidden vector h [E] (a word's
 * input vector in skip-gram, the mean of the context's input vectors in CBOW), one true target word o and k noise
 * words n_1..n_k drawn from the unigram distribution raised to 3/4:
 *
 * <pre>  L = -log σ(u_o · h) - Σ_j log σ(-u_nj · h)        u_w: the output vector of word w, row w of out [W, E]</pre>
 *
 * {@link #step} is one stochastic gradient step on L with learning rate alpha, the update of word2vec.c: each
 * output vector moves by {@code -alpha · ∂L/∂u}, and {@code -alpha · ∂L/∂h}, computed with the output vectors
 * before their update, is added into dh for the caller to apply to the input vectors. A noise word equal to the
 * target is skipped, as word2vec.c skips it.
 */
public final class NegativeSampling {
    private final Kernels kernels;
    private final int[] table;
    private final int dim;

    /**
     * @param counts [W] occurrences of each word; word w is drawn as noise with probability ∝ counts[w]^0.75
     * @param tableSize entries of the sampling table (word2vec.c uses 10⁸, fastText 10⁷)
     */
    public NegativeSampling(Kernels kernels, long[] counts, int dim, int tableSize) {
        if (counts.length == 0 || tableSize < 1) throw new IllegalArgumentException("negative sampling needs at least one word and a table, got " + counts.length + " words and " + tableSize + " entries");
        this.kernels = kernels;
        this.dim = dim;
        this.table = table(counts, tableSize);
    }

    /** The unigram^0.75 table: word w fills a share of the entries in proportion to counts[w]^0.75. */
    static int[] table(long[] counts, int size) {
        double total = 0;
        for (long c : counts) total += Math.pow(c, 0.75);
        int[] table = new int[size];
        int w = 0;
        double reach = Math.pow(counts[0], 0.75) / total;
        for (int i = 0; i < size; i++) {
            table[i] = w;
            if ((i + 1) / (double) size > reach && w < counts.length - 1) reach += Math.pow(counts[++w], 0.75) / total;
        }
        return table;
    }

    /** Fills {@code noise} with words drawn from the unigram^0.75 distribution. */
    public void draw(RandomGenerator rng, int[] noise) {
        for (int j = 0; j < noise.length; j++) noise[j] = table[rng.nextInt(table.length)];
    }

    /**
     * One step for the target and the noise words, in order.
     *
     * @param h     [E] at hOff, the hidden vector (not changed)
     * @param out   [W, E] the output vectors; the target's and the noise words' rows are updated
     * @param noise k noise words (those equal to the target are skipped)
     * @param dh    [E] at dhOff, receives {@code += -alpha · ∂L/∂h}
     * @return L before the step
     */
    public double step(float[] h, int hOff, float[] out, int target, int[] noise, float alpha, float[] dh, int dhOff) {
        double loss = update(h, hOff, out, target, 1f, alpha, dh, dhOff);
        for (int n : noise) if (n != target) loss += update(h, hOff, out, n, 0f, alpha, dh, dhOff);
        return loss;
    }

    /** One term of L: label 1 for the target, 0 for a noise word; returns that term, -log σ(±u·h). */
    double update(float[] h, int hOff, float[] out, int word, float label, float alpha, float[] dh, int dhOff) {
        int o = word * dim;
        float f = kernels.dot(h, hOff, out, o, dim);
        float g = (label - sigmoid(f)) * alpha;
        kernels.axpy(g, out, o, dh, dhOff, dim);      // dh += g · u (u before its update)
        kernels.axpy(g, h, hOff, out, o, dim);        // u += g · h
        return softplus(label == 1f ? -f : f);
    }

    static float sigmoid(float f) {
        return (float) (1.0 / (1.0 + Math.exp(-f)));
    }

    /** log(1 + e^x) without overflow: -log σ(-x). */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** L for the given target and noise words, in double precision, changing nothing (gradient checks). */
    public static double loss(float[] h, int hOff, float[] out, int dim, int target, int[] noise) {
        double loss = softplus(-dot(h, hOff, out, target * dim, dim));
        for (int n : noise) if (n != target) loss += softplus(dot(h, hOff, out, n * dim, dim));
        return loss;
    }

    private static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return s;
    }
}
