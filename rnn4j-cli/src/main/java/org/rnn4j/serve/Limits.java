package org.rnn4j.serve;

import java.time.Duration;

/**
 * What one request may ask of the server.
 *
 * @param workers    requests computed at once (each on its own model replica)
 * @param queue      requests waiting for a worker; beyond it the server answers 503
 * @param maxBody    request body bytes (an uploaded image included)
 * @param maxInput   characters of text in one request
 * @param maxLength  tokens one generation may write
 * @param maxBeam    beam width and completions per request
 * @param timeout    time a request may wait and compute before it is answered 503
 */
public record Limits(int workers, int queue, long maxBody, int maxInput, int maxLength, int maxBeam, Duration timeout) {
    public Limits {
        if (workers < 1 || queue < 0 || maxBody < 1 || maxInput < 1 || maxLength < 1 || maxBeam < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("server limits must be positive: " + this);
        }
    }
}
