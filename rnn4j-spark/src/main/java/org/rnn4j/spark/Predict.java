package org.rnn4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class org.rnn4j.spark.Predict rnn4j-spark.jar MODEL INPUT OUTPUT}: one prediction per line
 * of the text files INPUT (as {@code rnn4j predict} reads them), written to OUTPUT as JSON Lines with the fields
 * {@code value} (the input line), {@code prediction}, {@code output} and {@code error}. Paths are any Hadoop file
 * system's (local, HDFS, S3, ...).
 */
public final class Predict {
    private Predict() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: spark-submit --class org.rnn4j.spark.Predict rnn4j-spark.jar MODEL INPUT OUTPUT");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("rnn4j predict").getOrCreate();
        try {
            SparkPredictor predictor = SparkPredictor.of(spark, args[0]);
            predictor.transform(spark.read().text(args[1]), "value").write().json(args[2]);
        } finally {
            spark.stop();
        }
    }
}
