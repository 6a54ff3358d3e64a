/**
 * Layers, each with its forward and backward side by side: the recurrent cells (SimpleRNN, LSTM, GRU) and the layers
 * that run them over time, stacked and bidirectional; embeddings, dense, dropout, convolution, attention; the losses;
 * parameters and their initialisation, with PyTorch's names and gate order.
 */
package org.rnn4j.nn;
