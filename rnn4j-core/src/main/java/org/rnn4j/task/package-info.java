/**
 * From files to trained models and scores, one task at a time (classify, regress, tag, language model, seq2seq,
 * caption, question answering): how a task reads its data, builds its model, predicts and evaluates.
 */
package org.rnn4j.task;
