package org.rnn4j.options;

import java.util.ArrayList;
import org.rnn4j.nn.CellType;
import picocli.CommandLine;

/** {@code --cell}: a {@link CellType} by the name the option takes, in any case; the list of names is its help's. */
public final class Cells extends ArrayList<String> implements CommandLine.ITypeConverter<CellType> {
    public Cells() {
        super(CellType.optionNames());
    }

    @Override
    public CellType convert(String name) {
        try {
            return CellType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
