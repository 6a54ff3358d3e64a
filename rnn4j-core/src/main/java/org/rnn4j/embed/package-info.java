/**
 * Word vectors learned from plain text: word2vec (skip-gram and CBOW with negative sampling), its corpus, and the
 * vectors' nearest neighbours and analogies.
 */
package org.rnn4j.embed;
