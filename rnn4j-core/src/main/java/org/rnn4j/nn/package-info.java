/**
 * Layers, each with its forward and backward side by side: the recurrent cells (SimpleRNN, LSTM, GRU) and the layers
 * that run them over time, stacked and bidirectional, and the minimal cells (minGRU, minLSTM) scanned in parallel over
 * time; embeddings, dense, dropout, attention; the losses;
 * parameters and their initialisation, with PyTorch's names and gate order.
 */
package org.rnn4j.nn;
