package dev.calllog.core.internal.transport;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Sends raw HTTP requests to the cluster: {@code _bulk} bodies built by the shipper and the setup requests. One
 * implementation talks to real nodes ({@link OpenSearchHttpTransport}); tests can point it at any URL or replace it.
 *
 * <p>Used from one thread at a time (the shipping worker).
 */
public interface BulkTransport extends Closeable {

    /**
     * Sends one request and waits for its answer.
     *
     * @param method {@code GET}, {@code PUT}, {@code POST}...
     * @param path path below the node URL, starting with {@code /} (the URL's own path prefix is added)
     * @param body request body, or null for none
     * @param off offset of the body in {@code body}
     * @param len length of the body
     * @param headers request headers; {@code Content-Type} gives the body's type
     * @return the answer, whatever its status
     * @throws IOException when no answer came: connection refused or reset, timeout, TLS failure, closed transport
     */
    HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> headers)
            throws IOException;

    /**
     * Starts sending one request and returns at once, or as soon as the request is on its way; {@link Pending#await()}
     * gives the answer, as {@link #send} would. The caller may do other work in between, but must leave {@code body}
     * unchanged until the answer came. The default sends synchronously, here.
     */
    default Pending start(String method, String path, byte[] body, int off, int len, Map<String, String> headers) {
        try {
            HttpResult result = send(method, path, body, off, len, headers);
            return () -> result;
        } catch (IOException e) {
            return () -> {
                throw e;
            };
        }
    }

    /** A request on its way. */
    @FunctionalInterface
    interface Pending {
        /**
         * Waits for the answer.
         *
         * @return the answer, whatever its status
         * @throws IOException when no answer came (as for {@link #send}); {@link java.io.InterruptedIOException} when the
         *     waiting thread was interrupted
         */
        HttpResult await() throws IOException;
    }

    /** Sends a request without a body. */
    default HttpResult send(String method, String path) throws IOException {
        return send(method, path, null, 0, 0, Map.of());
    }

    /** Releases connections and threads. In-flight requests fail. */
    @Override
    void close() throws IOException;
}
