package org.rnn4j.serve;

import org.rnn4j.data.DataException;

/** What a failed request is answered: the caller's mistakes as 4xx with their message, anything else as a bare 500. */
final class Errors {
    private Errors() {}

    static ApiError of(Throwable e) {
        if (e instanceof ApiError a) return a;
        if (e instanceof DataException d) return ApiError.badRequest(d.getMessage().replaceFirst("^<request>:1: ", ""));
        if (e instanceof IllegalArgumentException) return ApiError.badRequest(e.getMessage());
        if (e instanceof OutOfMemoryError) return new ApiError(503, "the server ran out of memory for this request; send a shorter input");
        return new ApiError(500, "internal error: " + e.getClass().getSimpleName() + " (see the server log)");
    }
}
