package org.rnn4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.task.Format;

/**
 * Training data for {@link SparkPreparation} and {@link SparkTrainer}: lines in one of the formats {@code rnn4j
 * train} reads, from files or from a DataFrame's columns. From a DataFrame, a string input column gives TSV lines
 * ({@code target<TAB>text} for classify and regress, {@code text<TAB>target} for seq2seq, {@code story<TAB>question
 * <TAB>answer} for qa, the text alone for lm), with tabs and line breaks inside the strings read as spaces; an
 * array-of-arrays numeric input column ([T][F] per row) gives JSON Lines {@code {"x": [[...]], "y": target}}, the
 * target a class name (classify), a number or array of numbers (regress), or an array of tags (tag). Rows with a
 * null input or target are left out, as {@code rnn4j train} skips blank lines.
 *
 * @param lines  one record per line
 * @param format the lines' format, for {@link org.rnn4j.task.DataOptions}
 */
public record TrainingData(JavaRDD<String> lines, Format format) {

    /** A file's lines (any Hadoop file system), in the format its extension names. */
    public static TrainingData file(org.apache.spark.sql.SparkSession spark, String file) {
        return new TrainingData(spark.read().textFile(file).javaRDD(), Format.of(java.nio.file.Path.of(new org.apache.hadoop.fs.Path(file).getName())));
    }

    /**
     * @param task   classify, regress, tag, lm, seq2seq or qa
     * @param target the target column (null for lm)
     * @param inputs the input column; for qa, the story's and the question's
     */
    public static TrainingData of(Dataset<Row> data, String task, String target, String... inputs) {
        int wanted = task.equals("qa") ? 2 : 1;
        if (inputs.length != wanted) throw new IllegalArgumentException(task + " reads " + wanted + " input column(s), got " + Arrays.toString(inputs));
        if (target == null && !task.equals("lm")) throw new IllegalArgumentException(task + " needs a target column");
        StructType schema = data.schema();
        Column present = col(inputs[0]).isNotNull();
        for (String c : inputs) present = present.and(col(c).isNotNull());
        if (target != null) present = present.and(col(target).isNotNull());
        Dataset<Row> rows = data.filter(present);
        DataType in = schema.apply(inputs[0]).dataType();
        if (isSequenceOfVectors(in)) {
            if (!List.of("classify", "regress", "tag").contains(task)) throw new IllegalArgumentException(task + " reads text; column " + inputs[0] + " holds numbers");
            return new TrainingData(rows.select(to_json(struct(col(inputs[0]).as("x"), col(target).as("y")))).as(org.apache.spark.sql.Encoders.STRING()).javaRDD(), Format.JSONL);
        }
        for (String c : inputs) {
            if (!schema.apply(c).dataType().equals(DataTypes.StringType)) {
                throw new IllegalArgumentException("column " + c + " is " + schema.apply(c).dataType().simpleString() + "; rnn4j reads strings, or arrays of arrays of numbers");
            }
        }
        Column line = switch (task) {
            case "lm" -> regexp_replace(col(inputs[0]), "[\\r\\n]+", " ");
            case "classify", "regress" -> concat_ws("\t", field(col(target).cast("string")), field(col(inputs[0])));
            case "seq2seq" -> concat_ws("\t", field(col(inputs[0])), field(col(target)));
            case "qa" -> concat_ws("\t", field(col(inputs[0])), field(col(inputs[1])), field(col(target)));
            case "tag" -> throw new IllegalArgumentException("tag from a DataFrame reads arrays of vectors; tagged text is read from CoNLL files on one machine");
            default -> throw new IllegalArgumentException("--task must be one of classify, regress, tag, lm, seq2seq, qa; got " + task);
        };
        return new TrainingData(rows.select(line).as(org.apache.spark.sql.Encoders.STRING()).javaRDD(), task.equals("lm") ? Format.TXT : Format.TSV);
    }

    /** A TSV field: tabs and line breaks as spaces. */
    private static Column field(Column c) {
        return regexp_replace(c, "[\\t\\r\\n]", " ");
    }

    static boolean isSequenceOfVectors(DataType t) {
        return t instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner && inner.elementType() instanceof NumericType;
    }
}
