package org.rnn4j.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.model.Model;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskModel;
import scala.reflect.ClassTag$;

/**
 * Batch prediction with any rnn4j model file over a Dataset: the file is broadcast once (each executor receives it
 * once and loads a replica per running task), and each partition is read by {@code mapPartitions}. Every row's
 * input column is read as {@code rnn4j predict} reads an input line (text, {@code story<TAB>question}, a JSON
 * object with "x", or an image path), and three columns are added: {@code prediction} (the line {@code rnn4j
 * predict} prints), {@code output} (what {@code rnn4j predict --json} prints) and {@code error} (why an input could
 * not be read, or null). A blank input gives nulls, as the command line skips blank lines.
 */
public final class SparkPredictor implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;

    private SparkPredictor(Broadcast<byte[]> model) {
        this.model = model;
    }

    /** @param file a model file written by {@code rnn4j train}, on any file system Hadoop reads (local, HDFS, S3, ...) */
    public static SparkPredictor of(SparkSession spark, String file) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        byte[] bytes;
        try (FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration()); InputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        Replicas.load(bytes);                           // refuse a file that is not a model on the driver, before any task runs
        return new SparkPredictor(spark.sparkContext().broadcast(bytes, ClassTag$.MODULE$.apply(byte[].class)));
    }

    /**
     * {@code data} with {@code prediction}, {@code output} and {@code error} added, reading {@code inputColumn}:
     * strings, or arrays of arrays of numbers ([T][F] per row, read as the JSON line {@code {"x": [[...]]}}).
     */
    public Dataset<Row> transform(Dataset<Row> data, String inputColumn) {
        DataType type = data.schema().apply(inputColumn).dataType();
        if (TrainingData.isSequenceOfVectors(type)) {
            String json = "_rnn4j_" + inputColumn + "_json";
            return strings(data.withColumn(json, functions.to_json(functions.struct(functions.col(inputColumn).as("x")))), json).drop(json);
        }
        if (!type.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column " + inputColumn + " is " + type.simpleString() + "; the model reads strings, or arrays of arrays of numbers");
        }
        return strings(data, inputColumn);
    }

    private Dataset<Row> strings(Dataset<Row> data, String inputColumn) {
        StructType in = data.schema();
        int column = in.fieldIndex(inputColumn);
        StructType out = in.add("prediction", DataTypes.StringType, true).add("output", DataTypes.StringType, true).add("error", DataTypes.StringType, true);
        Broadcast<byte[]> file = model;
        String where = "<" + inputColumn + ">";
        return data.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            TaskModel<Object, Object, Model<Object, Object>> replica = Replicas.borrow(file);
            TaskContext task = TaskContext.get();
            if (task != null) task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> Replicas.release(file, replica));
            return new Iterator<>() {
                long line;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    line++;
                    Object[] values = new Object[row.size() + 3];
                    for (int i = 0; i < row.size(); i++) values[i] = row.get(i);
                    String input = row.getString(column);
                    if (input != null && !input.isBlank()) {
                        try {
                            ObjectNode o = replica.task().predict(replica.model(), input, Path.of(where), line);
                            values[row.size()] = Task.line(o.get("prediction"));
                            values[row.size() + 1] = o.toString();
                        } catch (IllegalArgumentException e) {
                            values[row.size() + 2] = e.getMessage();
                        }
                    }
                    return RowFactory.create(values);
                }
            };
        }, Encoders.row(out));
    }
}
