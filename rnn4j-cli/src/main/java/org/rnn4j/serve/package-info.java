/**
 * The demo site and JSON API of {@code rnn4j serve}: the models of a folder, a bounded pool of workers, the requests
 * each kind of model answers, and the refusals of bad ones.
 */
package org.rnn4j.serve;
