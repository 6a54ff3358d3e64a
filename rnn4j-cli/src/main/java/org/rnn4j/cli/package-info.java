/**
 * The {@code rnn4j} command line: one command per job (train, evaluate, predict, generate, inspect, vectors, bench,
 * serve, quickstart), their options, run folders, the progress display and the training report.
 */
package org.rnn4j.cli;
