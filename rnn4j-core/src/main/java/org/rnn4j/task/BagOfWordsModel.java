package org.rnn4j.task;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.data.BagOfWords;
import org.rnn4j.data.Seq;
import org.rnn4j.model.OneToOne;
import org.rnn4j.model.SequenceToVector;
import org.rnn4j.nn.Param;

/**
 * The course's one-to-one baseline on text: each token sequence becomes an order-free vector over the
 * vocabulary (counts, or TF-IDF with the training set's idf) and a dense network classifies it. It is trained,
 * scored and saved like the recurrent models, so {@code rnn4j train --baseline} compares the two on the same file.
 */
public final class BagOfWordsModel implements SequenceToVector {

    /** How a sequence becomes a vector. */
    public enum Weighting { COUNTS, TFIDF }

    private final OneToOne net;
    private final Weighting weighting;
    private final BagOfWords.TfIdf tfidf;

    /** @param idf [V] for TF-IDF, null for counts */
    public BagOfWordsModel(OneToOne net, Weighting weighting, float[] idf) {
        this.net = net;
        this.weighting = weighting;
        this.tfidf = weighting == Weighting.TFIDF ? new BagOfWords.TfIdf(idf) : null;
    }

    public float[] vector(Seq x) {
        if (!(x instanceof Seq.Tokens t)) throw new IllegalArgumentException("a bag-of-words model reads tokens");
        return tfidf != null ? tfidf.transform(t.ids()) : BagOfWords.counts(t.ids(), net.config().features());
    }

    private List<float[]> vectors(List<Seq> x) {
        return x.stream().map(this::vector).toList();
    }

    @Override public OneToOne.Config config() { return net.config(); }

    @Override public List<Param> params() { return net.params(); }

    @Override
    public double trainBatch(List<Seq> x, List<float[]> y, RandomGenerator rng) {
        return net.trainBatch(vectors(x), y, rng);
    }

    /** Empty: no recurrence. */
    @Override
    public double[][] gradientFlow(List<Seq> x, List<float[]> y) {
        return new double[0][];
    }

    @Override
    public double loss(List<Seq> x, List<float[]> y) {
        return net.loss(vectors(x), y);
    }

    /** Class probabilities for each sequence. */
    @Override
    public List<float[]> predict(List<Seq> x) {
        return net.predict(vectors(x));
    }
}
