package dev.calllog.core.transport;

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

    /** Sends a request without a body. */
    default HttpResult send(String method, String path) throws IOException {
        return send(method, path, null, 0, 0, Map.of());
    }

    /** Releases connections and threads. In-flight requests fail. */
    @Override
    void close() throws IOException;
}
