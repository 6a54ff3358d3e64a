/** The options of a training run that rnn4j train and Spark's Train share, as picocli mixins with their checks. */
package org.rnn4j.options;
