package org.rnn4j.data;

/**
 * Order-free vectors of a token sequence over a vocabulary of V ids, for the one-to-one baseline: the course's
 * point is that these lose word order ("movie was good" and "movie good was" get the same vector).
 * {@link #counts} counts each id; {@link TfIdf} weighs counts by inverse document frequency.
 */
public final class BagOfWords {
    private BagOfWords() {}

    /** @return [V] how often each id occurs in {@code ids} (padding, id 0, is not counted) */
    public static float[] counts(int[] ids, int vocab) {
        float[] v = new float[vocab];
        for (int id : ids) if (id != Vocabulary.PAD) v[id]++;
        return v;
    }

    /**
     * TF-IDF as scikit-learn computes it by default: {@code tf = count}, {@code idf = ln((1 + N) / (1 + df)) + 1},
     * then each vector scaled to unit L2 norm.
     *
     * @param idf [V] the inverse document frequency of each id, learned from training documents
     */
    public record TfIdf(float[] idf) {

        /** Learns idf from {@code documents} (token id arrays) over V ids. */
        public static TfIdf fit(Iterable<int[]> documents, int vocab) {
            long[] df = new long[vocab];
            long n = 0;
            for (int[] doc : documents) {
                n++;
                boolean[] seen = new boolean[vocab];
                for (int id : doc) {
                    if (id != Vocabulary.PAD && !seen[id]) {
                        seen[id] = true;
                        df[id]++;
                    }
                }
            }
            float[] idf = new float[vocab];
            for (int i = 0; i < vocab; i++) idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df[i])) + 1);
            return new TfIdf(idf);
        }

        /** @return [V] the unit-norm TF-IDF vector of {@code ids} */
        public float[] transform(int[] ids) {
            float[] v = counts(ids, idf.length);
            double sq = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] *= idf[i];
                sq += (double) v[i] * v[i];
            }
            if (sq > 0) {
                float inv = (float) (1 / Math.sqrt(sq));
                for (int i = 0; i < v.length; i++) v[i] *= inv;
            }
            return v;
        }
    }
}
