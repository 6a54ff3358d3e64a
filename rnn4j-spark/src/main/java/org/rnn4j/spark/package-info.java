/**
 * Training and batch prediction on Apache Spark: data-parallel steps whose gradients are gathered from the
 * partitions, and predictions written by the executors.
 */
package org.rnn4j.spark;
