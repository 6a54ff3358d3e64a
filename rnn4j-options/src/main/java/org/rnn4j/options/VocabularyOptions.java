package org.rnn4j.options;

import org.rnn4j.data.Tokenizer;
import picocli.CommandLine.Option;

/** How text becomes tokens and which tokens are kept: the options of {@code DataOptions} every trainer takes. */
public final class VocabularyOptions {
    @Option(names = "--tokens", converter = TokenizerConverter.class, description = "chars, words, split, or bpe:N (subwords learned from the training text, N tokens); default: chars for lm, split for tag, words otherwise.") public Tokenizer tokens;
    @Option(names = "--target-tokens", converter = TokenizerConverter.class, description = "seq2seq, caption: how the output text is split, if not as --tokens (e.g. chars in, split out for spelling → phonemes).") public Tokenizer targetTokens;
    @Option(names = "--min-count", defaultValue = "1", description = "Tokens seen fewer times become <unk> (default ${DEFAULT-VALUE}).") public int minCount;
    @Option(names = "--max-vocab", defaultValue = "0", description = "Keep the most frequent tokens only (0: all).") public int maxVocab;
    @Option(names = "--max-length", defaultValue = "256", description = "lm: longer lines are cut into pieces of this many tokens (default ${DEFAULT-VALUE}).") public int maxLength;

    /** Refuses a value out of range, naming the option. */
    public void check() {
        Bounds.between("--min-count", minCount, 1, Integer.MAX_VALUE);
        Bounds.between("--max-vocab", maxVocab, 0, Integer.MAX_VALUE);
        Bounds.between("--max-length", maxLength, 1, 1 << 20);
    }
}
