package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BarTest {
    @Test
    void theLineKeepsItsWidthFromTheFirstUpdateToTheLast() {
        Bar bar = new Bar("epoch 1/8", 28_814, "ex");
        Set<Integer> widths = new HashSet<>();
        for (long done : new long[] {0, 32, 4_128, 9_888, 28_814}) {
            widths.add(bar.line(done, done == 0 ? 0 : done / 99.0, String.format("step %6d  loss %.4f", done / 32, 1.5)).length());
        }
        assertEquals(1, widths.size(), "widths " + widths);
    }

    @Test
    void theCellsThePercentageAndTheTimesAgree() {
        Bar bar = new Bar("epoch 1/2", 147, "ex");
        assertEquals("epoch 1/2 [..............................]   0%    0/147 ex                   0:00 elapsed      - left", bar.line(0, 0, ""));
        assertEquals("epoch 1/2 [##############################] 100%  147/147 ex         74 ex/s   0:02 elapsed   0:00 left  loss 0.6635",
                bar.line(147, 2, "loss 0.6635"));
        String third = bar.line(49, 7, "");
        assertTrue(third.contains("[##########....................]  33%   49/147 ex          7 ex/s   0:07 elapsed   0:14 left"), third);
    }

    @Test
    void longRunsShowHours() {
        assertEquals("1:01:01", Bar.clock(3661));
        assertEquals("59:59", Bar.clock(3599));
    }

    @Test
    void aBarOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Bar("x", 0, "ex"));
    }
}
