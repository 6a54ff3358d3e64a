package org.rnn4j.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A time series from one column of a CSV file (Apache Commons CSV), cut into sliding windows: {@code window}
 * values in, the next {@code horizon} values out. The column is named by its header or by its 0-based index;
 * a first row whose value in that column is not a number is taken as the header. The column's values are held
 * in memory (4 bytes each); the windows are views made on demand.
 */
public final class CsvSeries {
    private CsvSeries() {}

    /** The values of the column and the line each came from. */
    public record Series(Path file, float[] values, long[] lines) {

        /** The number of windows of {@code window} values followed by {@code horizon} values. */
        public int windows(int window, int horizon) {
            return Math.max(0, values.length - window - horizon + 1);
        }

        /** Window i: x [window][1], y [horizon]. */
        public Window window(int i, int window, int horizon) {
            float[][] x = new float[window][];
            for (int t = 0; t < window; t++) x[t] = new float[] {values[i + t]};
            float[] y = new float[horizon];
            System.arraycopy(values, i + window, y, 0, horizon);
            return new Window(lines[i], x, y);
        }
    }

    /** One window: the line of its first value, x [window][1] and y [horizon]. */
    public record Window(long line, float[][] x, float[] y) {}

    public static Series read(Path file, String column) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Float> values = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             Reader in = Channels.newReader(ch, decoder, -1);
             CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(in)) {
            int index = -1;
            boolean first = true;
            for (CSVRecord r : parser) {
                long line = r.getRecordNumber() == 1 ? 1 : parser.getCurrentLineNumber();
                if (first) {
                    first = false;
                    index = columnIndex(file, r, column);
                    if (!isNumber(r.get(index))) continue;                 // a header row
                }
                if (r.size() <= index) throw new DataException(file, line, "expected a value in column " + column + ", the row has " + r.size() + " columns");
                String v = r.get(index);
                if (!isNumber(v)) throw new DataException(file, line, "expected a number in column " + column + ", found \"" + ConllReader.shorten(v) + "\"");
                values.add(Float.parseFloat(v));
                lines.add(line);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataException(file, lines.size() + 1, "is not valid UTF-8; expected UTF-8 text");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) throw new DataException(file, lines.size() + 1, "is not valid UTF-8; expected UTF-8 text");
            throw new DataException(file, lines.size() + 1, "is not valid CSV: " + e.getMessage());
        } catch (IOException e) {
            throw new DataException(file, lines.size() + 1, "cannot be read as CSV: " + e.getMessage());
        }
        if (values.isEmpty()) throw new DataException(file, 1, "the file has no records; expected rows with a number in column " + column);
        float[] v = new float[values.size()];
        long[] l = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
            l[i] = lines.get(i);
        }
        return new Series(file, v, l);
    }

    private static int columnIndex(Path file, CSVRecord first, String column) {
        for (int i = 0; i < first.size(); i++) if (first.get(i).equals(column)) return i;
        try {
            int i = Integer.parseInt(column);
            if (i >= 0 && i < first.size()) return i;
        } catch (NumberFormatException ignored) {
            // not an index
        }
        throw new DataException(file, 1, "has no column \"" + column + "\"; the first row has " + first.size() + " columns: " + first.toList());
    }

    private static boolean isNumber(String s) {
        try {
            return Float.isFinite(Float.parseFloat(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
