package dev.calllog.core.internal.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/** What one attempt of {@link OpenSearchHttpTransport} came back with: its answer's body, or its failure, described. */
final class Answers {
    private Answers() {}

    /** The answer's body, unpacked when the node gzipped it. */
    static byte[] body(HttpResponse<byte[]> response) throws IOException {
        byte[] body = response.body();
        if (body != null
                && body.length > 0
                && response.headers()
                        .firstValue("Content-Encoding")
                        .map(v -> v.trim().equalsIgnoreCase("gzip"))
                        .orElse(false)) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            }
        }
        return body;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * What went wrong with one attempt, as an {@link IOException} whose message says what and where (the JDK's own
     * exceptions often have none: a refused connection is a {@code ConnectException} with a null message).
     *
     * @param attemptLimitMillis the bound on one attempt, named when it ran out
     * @param closed whether the transport was closed, which explains a cancelled attempt
     */
    static IOException problem(Throwable cause, NodePool.Node node, long attemptLimitMillis, boolean closed) {
        if (cause instanceof TimeoutException) {
            return new java.net.http.HttpTimeoutException(
                    "no complete answer from " + node + " within " + attemptLimitMillis + " ms");
        }
        if (cause instanceof CancellationException) {
            return closed
                    ? new IOException("the connection to OpenSearch was closed")
                    : new InterruptedIOException("the request to " + node + " was cancelled");
        }
        if (cause instanceof IOException io) {
            if (io.getMessage() != null) {
                return io;
            }
            String detail = null;
            for (Throwable t = io.getCause(); t != null && detail == null; t = t.getCause()) {
                detail = t.getMessage();
            }
            IOException described = io instanceof java.net.ConnectException
                    ? new java.net.ConnectException(
                            node + ": " + (detail == null ? "connection refused or closed" : detail))
                    : new IOException(
                            node + ": " + (detail == null ? io.getClass().getSimpleName() : detail));
            described.initCause(io);
            return described;
        }
        return new IOException(node + ": " + cause, cause);
    }
}
