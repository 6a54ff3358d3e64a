package org.rnn4j.data;

/**
 * One input sequence of length T: token ids (read through an embedding) or feature vectors [T, F]
 * (sensor readings, rows of an image, one-hot or pretrained vectors made elsewhere).
 */
public sealed interface Seq {

    /** T, the number of true steps. */
    int length();

    /** @param ids [T] token ids in [0, V) */
    record Tokens(int[] ids) implements Seq {
        @Override public int length() { return ids.length; }
    }

    /** @param steps [T][F] one feature vector per step */
    record Vectors(float[][] steps) implements Seq {
        @Override public int length() { return steps.length; }
    }

    static Seq of(int... ids) { return new Tokens(ids); }

    static Seq of(float[][] steps) { return new Vectors(steps); }
}
