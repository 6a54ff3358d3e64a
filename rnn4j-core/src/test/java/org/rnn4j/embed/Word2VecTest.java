package org.rnn4j.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.testing.Check;

/**
 * word2vec: both objectives against finite differences, the noise distribution, subsampling, and vectors that
 * recover the structure planted in a synthetic corpus.
 */
class Word2VecTest {
    static final int W = 7, E = 6;
    final Kernels kernels = Compute.bestKernels();
    final SplittableRandom rng = new SplittableRandom(3);

    float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextGaussian() * scale);
        return a;
    }

    NegativeSampling objective() {
        return new NegativeSampling(kernels, new long[] {50, 30, 20, 10, 5, 3, 1}, E, 1000);
    }

    /** The change of each value after a step with alpha = 1 is minus its gradient: the step is exact gradient descent. */
    static float[] minusChange(float[] before, float[] after) {
        float[] d = new float[before.length];
        for (int i = 0; i < d.length; i++) d[i] = before[i] - after[i];
        return d;
    }

    @Test
    void skipGramStepIsTheGradientOfTheNegativeSamplingLoss() {
        float[] in = random(W * E, 0.5), out = random(W * E, 0.5);
        int context = 2, target = 5;
        int[] noise = {0, 3, 6, 1};
        float[] in0 = in.clone(), out0 = out.clone();
        double loss = Word2Vec.skipGramStep(objective(), kernels, in, context, out, target, noise, 1f, new float[E]);

        assertEquals(NegativeSampling.loss(in0, context * E, out0, E, target, noise), loss, 1e-5);
        float[] grad = minusChange(in0, in), gradOut = minusChange(out0, out);
        float[] probe = in0.clone(), probeOut = out0.clone();
        Check.gradient("∂L/∂in", probe, grad, () -> NegativeSampling.loss(probe, context * E, out0, E, target, noise));
        Check.gradient("∂L/∂out", probeOut, gradOut, () -> NegativeSampling.loss(in0, context * E, probeOut, E, target, noise));
        for (int w : new int[] {2, 4}) for (int e = 0; e < E; e++) assertEquals(out0[w * E + e], out[w * E + e], "row " + w + " is neither target nor noise");
    }

    @Test
    void cbowStepMovesEachContextVectorByTheGradientOfTheMean() {
        float[] in = random(W * E, 0.5), out = random(W * E, 0.5);
        int[] words = {1, 4, 6, 0};            // context 1, 4, 0 around the centre word 6
        int centre = 2, target = words[centre];
        int[] noise = {3, 5, 6};               // 6 is the target: skipped
        float[] in0 = in.clone(), out0 = out.clone();
        double loss = Word2Vec.cbowStep(objective(), kernels, in, words, 0, 3, centre, out, noise, 1f, new float[E], new float[E]);

        float[] probe = in0.clone(), probeOut = out0.clone();
        java.util.function.DoubleSupplier meanLoss = () -> {
            float[] h = new float[E];
            for (int j : new int[] {0, 1, 3}) for (int e = 0; e < E; e++) h[e] += probe[words[j] * E + e] / 3f;
            return NegativeSampling.loss(h, 0, probeOut, E, target, noise);
        };
        assertEquals(meanLoss.getAsDouble(), loss, 1e-5);
        float[] grad = minusChange(in0, in);
        for (int i = 0; i < grad.length; i++) grad[i] /= 3;          // word2vec.c gives each of the 3 words the gradient of the mean
        Check.gradient("∂L/∂in", probe, grad, meanLoss);
        Check.gradient("∂L/∂out", probeOut, minusChange(out0, out), meanLoss);
    }

    @Test
    void noiseWordsFollowTheUnigramDistributionToTheThreeQuarters() {
        long[] counts = {1000, 100, 10, 1};
        NegativeSampling ns = new NegativeSampling(kernels, counts, E, 1_000_000);
        int[] drawn = new int[200_000], seen = new int[counts.length];
        ns.draw(rng, drawn);
        for (int w : drawn) seen[w]++;
        double z = 0;
        for (long c : counts) z += Math.pow(c, 0.75);
        for (int w = 0; w < counts.length; w++) {
            double p = Math.pow(counts[w], 0.75) / z;
            assertEquals(p, seen[w] / (double) drawn.length, 4 * Math.sqrt(p * (1 - p) / drawn.length) + 1e-5, "word " + w);
        }
    }

    @Test
    void subsamplingKeepsRareWordsAndThinsFrequentOnes() {
        float[] keep = Word2Vec.keepProbabilities(new long[] {500_000, 1000, 10}, 1_000_000, 1e-3);
        double f = 0.5;
        assertEquals((Math.sqrt(f / 1e-3) + 1) * 1e-3 / f, keep[0], 1e-6);
        assertEquals(1f, keep[1]);
        assertEquals(1f, keep[2]);
        assertArrayEquals(new float[] {1f, 1f, 1f}, Word2Vec.keepProbabilities(new long[] {500_000, 1000, 10}, 1_000_000, 0));
    }

    static Word2Vec.Config planted(Word2Vec.Architecture architecture, int threads) {
        var d = Word2Vec.Config.defaults(architecture);
        return new Word2Vec.Config(architecture, 50, 5, 5, 5, 5, d.sample(), d.learningRate(), threads);
    }

    @Test
    void skipGramRecoversThePlantedClassesAndAnalogies() {
        assertRecoversThePlantedStructure(Word2Vec.Architecture.SKIP_GRAM, 11);
    }

    @Test
    void cbowRecoversThePlantedClassesAndAnalogies() {
        assertRecoversThePlantedStructure(Word2Vec.Architecture.CBOW, 12);
    }

    /** Two threads, as the command line trains by default: the lock-free updates must not cost the structure. */
    void assertRecoversThePlantedStructure(Word2Vec.Architecture architecture, long seed) {
        PlantedCorpus text = PlantedCorpus.standard(30_000, new SplittableRandom(seed));
        Embeddings v = new Word2Vec(planted(architecture, 2), kernels).train(Corpus.of(text.lines(), 5), new SplittableRandom(1), null);
        PlantedCorpus.Scores s = text.score(v, 5);
        assertTrue(s.neighbourShare() >= 0.9, architecture + ": share of the 5 nearest neighbours in the word's class: " + s.neighbourShare());
        assertTrue(s.analogyAccuracy() >= 0.9, architecture + ": analogies solved: " + s.analogyAccuracy());
    }

    @Test
    void oneThreadIsReproducibleFromTheSeed() {
        Corpus c = Corpus.of(PlantedCorpus.standard(2000, new SplittableRandom(5)).lines(), 1);
        var config = planted(Word2Vec.Architecture.SKIP_GRAM, 1);
        float[] a = new Word2Vec(config, kernels).train(c, new SplittableRandom(9), null).vectors();
        float[] b = new Word2Vec(config, kernels).train(c, new SplittableRandom(9), null).vectors();
        float[] other = new Word2Vec(config, kernels).train(c, new SplittableRandom(10), null).vectors();
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, other), "another seed, other vectors");
    }

    @Test
    void progressReachesTheWholeRunAndTheLearningRateFalls() {
        Corpus c = Corpus.of(PlantedCorpus.standard(5000, new SplittableRandom(5)).lines(), 1);
        List<double[]> seen = new ArrayList<>();
        new Word2Vec(planted(Word2Vec.Architecture.CBOW, 2), kernels).train(c, new SplittableRandom(9), (done, total, alpha, loss) -> seen.add(new double[] {done, total, alpha, loss}));
        double[] last = seen.get(seen.size() - 1);
        assertEquals(5 * c.size(), (long) last[1]);
        assertEquals(last[1], last[0]);
        assertTrue(seen.get(0)[2] > last[2] && last[2] >= 0.99 * 0.05 * 1e-4, "alpha falls from " + seen.get(0)[2] + " to " + last[2]);
        assertTrue(seen.get(seen.size() - 3)[3] < seen.get(0)[3], "the loss falls: " + seen.get(0)[3] + " → " + seen.get(seen.size() - 3)[3]);
    }
}
