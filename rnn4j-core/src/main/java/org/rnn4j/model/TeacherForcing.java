package org.rnn4j.model;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.nn.Loss;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;

/**
 * Decoder inputs and targets for teacher forcing: target tokens {@code y_1..y_n} become inputs
 * {@code bos, y_1, ..., y_n} [B, T] and targets {@code y_1, ..., y_n, eos}, padded to the longest, T = n_max + 1.
 */
final class TeacherForcing {
    private TeacherForcing() {}

    /** @param inputs [B, T] token ids; @param targets [B, T] with padding = IGNORE; @param lengths int[B] = n + 1 */
    record Batch(int[] inputs, int[] targets, int[] lengths, int steps) {
        Loss.Result loss(Tensor logits, Compute compute) {
            return new SoftmaxCrossEntropy(compute).evaluate(logits, targets);
        }
    }

    static Batch of(List<int[]> y, int bos, int eos, int vocab) {
        int b = y.size(), steps = 1;
        for (int[] s : y) steps = Math.max(steps, s.length + 1);
        int[] inputs = new int[b * steps], targets = new int[b * steps], lengths = new int[b];
        Arrays.fill(targets, SoftmaxCrossEntropy.IGNORE);
        for (int i = 0; i < b; i++) {
            int[] s = y.get(i);
            for (int t = 0; t < s.length; t++) {
                if (s[t] < 0 || s[t] >= vocab) throw new IllegalArgumentException("target " + i + " token " + t + " is " + s[t] + ", outside the target vocabulary [0, " + vocab + ")");
            }
            lengths[i] = s.length + 1;
            inputs[i * steps] = bos;
            System.arraycopy(s, 0, inputs, i * steps + 1, s.length);
            System.arraycopy(s, 0, targets, i * steps, s.length);
            targets[i * steps + s.length] = eos;
        }
        return new Batch(inputs, targets, lengths, steps);
    }
}
