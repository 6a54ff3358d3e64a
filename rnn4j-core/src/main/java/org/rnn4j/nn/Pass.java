package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/** One layer's pass over a batch of sequences: {@link SequenceLayer#forward} or {@link SequenceLayer#infer}. */
@FunctionalInterface
interface Pass {
    SequenceLayer.Output run(SequenceLayer layer, Tensor in, State init);
}
