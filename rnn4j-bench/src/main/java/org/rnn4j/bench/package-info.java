/**
 * The benchmark workloads (training and inference shapes, GEMM, word2vec) and their timing harness, with the ONNX
 * Runtime comparison.
 */
package org.rnn4j.bench;
