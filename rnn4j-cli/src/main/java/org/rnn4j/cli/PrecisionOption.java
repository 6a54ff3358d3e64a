package org.rnn4j.cli;

import java.util.Locale;
import org.rnn4j.tensor.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --precision float32|bf16|int8}, in lower case as the help writes it. */
final class PrecisionOption implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
        for (Precision p : Precision.values()) if (p.name().toLowerCase(Locale.ROOT).equals(value)) return p;
        throw new TypeConversionException("expected float32, bf16 or int8, got '" + value + "'");
    }
}
