package org.rnn4j.options;

import org.rnn4j.data.Tokenizer;
import picocli.CommandLine;

/** Reads a tokenizer option, any case: chars, words, split or bpe:N ({@link Tokenizer#parse}). */
public final class TokenizerConverter implements CommandLine.ITypeConverter<Tokenizer> {
    @Override
    public Tokenizer convert(String value) {
        try {
            return Tokenizer.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
