package org.rnn4j.task;

import java.nio.file.Path;
import java.util.Locale;

/** The input file formats, chosen by a file's extension unless {@code --format} says otherwise. */
public enum Format {
    /** Plain UTF-8 text, one sequence per line (language models). */
    TXT,
    /** {@code label<TAB>text} or {@code source<TAB>target}. */
    TSV,
    /** {@code token<TAB>tag} lines, a blank line between sentences. */
    CONLL,
    /** {@code {"x": ..., "y": ...}} per line. */
    JSONL,
    /** A time series in one column. */
    CSV;

    /** The format a file's extension names. */
    public static Format of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "txt", "text" -> TXT;
            case "tsv", "tab" -> TSV;
            case "conll", "conllu", "bio", "iob" -> CONLL;
            case "jsonl", "ndjson" -> JSONL;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException(file + ": cannot tell the format from the extension \"" + ext
                    + "\"; name the file .txt, .tsv, .conll, .jsonl or .csv, or give --format");
        };
    }
}
