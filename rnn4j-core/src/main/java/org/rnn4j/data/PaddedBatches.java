package org.rnn4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows sorted longest first, cut into consecutive batches of bounded padding: a batch takes the next row while its
 * padded steps (its longest length × its rows) stay at most {@code maxPadding} times the steps it truly holds, and
 * at most {@code maxCells}. One long row then never makes many short ones cost as much as itself.
 */
public final class PaddedBatches {
    private PaddedBatches() {}

    /**
     * The batches of rows with these lengths, as [from, to) ranges of their indices.
     *
     * @param lengths   each row's length, longest first
     * @param maxPadding padded steps per true step a batch may reach (at least 1)
     * @param maxCells   padded steps a batch may reach (a batch of one row may exceed it)
     */
    public static List<int[]> cut(int[] lengths, double maxPadding, long maxCells) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < lengths.length; ) {
            long longest = lengths[from], steps = longest;
            int to = from + 1;
            for (; to < lengths.length; to++) {
                long padded = longest * (to - from + 1);
                if (padded > maxPadding * (steps + lengths[to]) || padded > maxCells) break;
                steps += lengths[to];
            }
            out.add(new int[] {from, to});
            from = to;
        }
        return out;
    }
}
