/**
 * Optimizers (SGD with momentum, Adam and AdamW, RMSprop, Adagrad), weight decay and gradient clipping: what one
 * training step does with the gradients the layers computed.
 */
package org.rnn4j.optim;
