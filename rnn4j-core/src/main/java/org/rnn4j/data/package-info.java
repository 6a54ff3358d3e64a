/**
 * Sequential data before any tensor: the sequence a model reads ({@link org.rnn4j.data.Seq}), the readers of each
 * file format, tokenizers, vocabularies, labels, word vectors and bags of words. Depends only on parse.
 */
package org.rnn4j.data;
