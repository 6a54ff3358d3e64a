package org.rnn4j.model;

import java.util.List;
import org.rnn4j.data.Seq;

/**
 * A model that reads a sequence and returns one vector: class probabilities or values. {@link ManyToOne} is one;
 * so is a bag-of-words baseline, which reads the same token sequences without their order.
 */
public interface SequenceToVector extends Model<Seq, float[]> {

    /** @return for each sequence its probabilities (one p for binary targets) or values */
    List<float[]> predict(List<Seq> x);
}
