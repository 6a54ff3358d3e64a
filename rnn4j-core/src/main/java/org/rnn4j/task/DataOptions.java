package org.rnn4j.task;

import org.rnn4j.data.Tokenizer;

/**
 * How {@link Tasks#prepare} reads a training file: its format, the tokenizer (null: the task's default), the
 * tokenizer of the output text of seq2seq and caption ({@code targetTokenizer}; null: the same as the input's), the
 * vocabulary's minimum count and maximum size (0: no limit), the longest sequence kept whole, and for a CSV time
 * series the column, the window length and the horizon; for classify, a bag-of-words {@code baseline}
 * instead of the recurrent model (null: the RNN); and whether numeric inputs (JSON Lines vectors, a CSV series) are
 * standardised with the training data's statistics ({@link Scaling}); for caption on image files, the side in pixels
 * every image is resized to.
 */
public record DataOptions(Format format, Tokenizer tokenizer, Tokenizer targetTokenizer, int minCount, int maxVocab, int maxLength, String column, int window, int horizon,
                          BagOfWordsModel.Weighting baseline, boolean standardize, int imageSize) implements java.io.Serializable {
    public DataOptions {
        if (minCount < 1) throw new IllegalArgumentException("min count must be ≥ 1, got " + minCount);
        if (imageSize < 2 || imageSize > 4096) throw new IllegalArgumentException("image size must be between 2 and 4096 pixels, got " + imageSize);
        if (maxLength < 1) throw new IllegalArgumentException("max length must be ≥ 1, got " + maxLength);
    }

    Tokenizer tokenizerOr(Tokenizer fallback) {
        return tokenizer == null ? fallback : tokenizer;
    }

    Tokenizer targetTokenizerOr(Tokenizer fallback) {
        return targetTokenizer == null ? tokenizerOr(fallback) : targetTokenizer;
    }
}
