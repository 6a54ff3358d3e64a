package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProfileTest {
    @Test
    void samplesAreSortedByTheRnn4jMethodNearestTheTop() {
        assertEquals(Profile.Part.PRODUCTS, Profile.part("GemmBlocks", "block6x4", false));
        assertEquals(Profile.Part.PRODUCTS, Profile.part("VectorKernels", "matmulTransAAdd", false));
        assertEquals(Profile.Part.PRODUCTS, Profile.part("Compute", "affine", false));
        assertEquals(Profile.Part.CELLS, Profile.part("VectorLstm", "state", false));
        assertEquals(Profile.Part.CELLS, Profile.part("VectorKernels", "tanhBackward", false));
        assertEquals(Profile.Part.LOSS, Profile.part("SoftmaxCrossEntropy", "evaluate", false));
        assertEquals(Profile.Part.LOSS, Profile.part("VectorKernels", "softmax", false));
        assertEquals(Profile.Part.OPTIMIZER, Profile.part("Adam", "step", true));
        assertEquals(Profile.Part.WAITING, Profile.part("Workers$Worker", "await", false));
        assertEquals(Profile.Part.OTHER, Profile.part("Embedding", "backward", false));
    }
}
