/**
 * The models: the four shapes of RNN (many-to-one, many-to-many, one-to-many, encoder-decoder) and the dense
 * one-to-one baseline, their records of hyper-parameters, the layers only they use, decoding (greedy, sampled, beam
 * search), and loading a model file by its kind.
 */
package org.rnn4j.model;
