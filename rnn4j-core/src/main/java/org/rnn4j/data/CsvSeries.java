package org.rnn4j.data;

import org.rnn4j.parse.Numbers;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
        List<Float> values = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int index = -1, width = -1;
        try (LineReader in = new LineReader(file)) {                  // strict UTF-8, line numbers, bounded lines
            while (in.hasNext()) {
                LineReader.Line l = in.next();
                if (l.text().isBlank()) continue;
                List<String> row = fields(file, l);
                if (width < 0) width = row.size();
                if (row.size() != width) throw new DataException(file, l.number(), "has " + row.size() + " columns; the first row has " + width + " (a stray comma?)");
                if (index < 0) {
                    index = columnIndex(file, l.number(), row, column);
                    if (!Numbers.isFloat32(row.get(index))) continue;     // a header row
                }
                if (row.size() <= index) throw new DataException(file, l.number(), "expected a value in column " + column + ", the row has " + row.size() + " columns");
                String v = row.get(index);
                float number = Numbers.parse(v);
                if (Float.isNaN(number)) throw new DataException(file, l.number(), "expected a finite decimal float32 in column " + column + ", found \"" + ConllReader.shorten(v) + "\"");
                values.add(number);
                lines.add(l.number());
            }
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

    /** The fields of one CSV line (quoted fields, escaped quotes), parsed by Commons CSV. */
    private static List<String> fields(Path file, LineReader.Line l) {
        try (CSVParser p = CSVFormat.DEFAULT.builder().setTrim(true).get().parse(new StringReader(l.text()))) {
            List<CSVRecord> records = p.getRecords();
            return records.isEmpty() ? List.of() : records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(file, l.number(), "is not valid CSV: " + e.getMessage());
        }
    }

    private static int columnIndex(Path file, long line, List<String> first, String column) {
        for (int i = 0; i < first.size(); i++) if (first.get(i).equals(column)) return i;
        try {
            int i = Integer.parseInt(column);
            if (i >= 0 && i < first.size()) return i;
        } catch (NumberFormatException ignored) {
            // not an index
        }
        throw new DataException(file, line, "has no column \"" + column + "\"; the first row has " + first.size() + " columns: " + first);
    }

}
