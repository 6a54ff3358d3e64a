package org.rnn4j.train;

/** One training or test example with the line of the file it came from (for error messages). */
public record Example<X, Y>(long line, X x, Y y) {}
