/**
 * Float32 tensors on the Java heap and the kernels that compute on them: GEMM, packing, element-wise and softmax
 * kernels, in plain Java and on the Vector API, run on a pool of worker threads ({@link org.rnn4j.tensor.Compute}).
 */
package org.rnn4j.tensor;
