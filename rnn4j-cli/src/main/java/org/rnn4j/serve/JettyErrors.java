package org.rnn4j.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before a request reaches the API (a garbage request line, HTTP/0.9, an unknown
 * version, headers too large), answered as every other refusal is: JSON with an "error" message, not an HTML page.
 */
final class JettyErrors extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, body(code, message), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return body(status, reason);
    }

    private static ByteBuffer body(int status, String reason) {
        String message = "the request could not be read as HTTP/1.1 (" + status + (reason == null || reason.isBlank() ? "" : ": " + Json.clip(reason, 200)) + ")";
        return ByteBuffer.wrap(Json.MAPPER.createObjectNode().put("error", message).toString().getBytes(StandardCharsets.UTF_8));
    }
}
