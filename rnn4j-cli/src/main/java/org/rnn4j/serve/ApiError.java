package org.rnn4j.serve;

/** A request the server refuses, answered with {@code status} and {"error": message}. */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }

    static ApiError badRequest(String message) { return new ApiError(400, message); }

    static ApiError tooLarge(String message) { return new ApiError(413, message); }

    static ApiError unsupportedMediaType(String message) { return new ApiError(415, message); }
}
