package org.rnn4j.spark;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Preparation;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;

/**
 * A task prepared where its data lies, in one distributed pass: each partition's lines are read by the task's own
 * reader into a {@link Preparation} (token counts, class names, tag sets, scaling statistics), and the partial
 * results are merged by tree aggregation on their way to the driver, so the training data never passes through
 * the driver. The task equals {@link Tasks#prepare} on the same lines as one file (the scaling of numeric data to
 * float rounding, as the statistics are summed in another order).
 */
public final class SparkPreparation {
    private SparkPreparation() {}

    /**
     * @param lines   the training data's lines (TSV, text or JSON Lines, as {@code rnn4j train} reads them)
     * @param task    one of {@link Tasks#NAMES} but caption
     * @param options as for {@link Tasks#prepare}, but no TF-IDF baseline
     */
    public static Task<?, ?, ?> prepare(JavaRDD<String> lines, String task, DataOptions options) {
        Tasks.preparation(task, options);                                           // refuses a task or option it cannot prepare, on the driver
        Preparation merged = lines.mapPartitionsWithIndex((Integer partition, Iterator<String> it) ->
                Collections.singletonList(Partitions.prepare(Tasks.preparation(task, options), partition, it)).iterator(), false)
                .treeReduce((a, b) -> {
                    a.merge(b);
                    return a;
                }, 2);
        return merged.result();
    }
}
