package dev.calllog.core.internal.transport;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Signs requests: computes, from one request as it is about to be sent, the headers that authenticate it (for AWS
 * Signature Version 4: {@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Content-SHA256} and, with temporary
 * credentials, {@code X-Amz-Security-Token}). Called for every request and every retry, on the thread that sends it;
 * must be thread-safe.
 *
 * <p>Implementations come from {@link RequestSignerProvider}s found with {@link java.util.ServiceLoader}, such as the
 * one of the {@code calllog-aws} module.
 */
@FunctionalInterface
public interface RequestSigner {

    /**
     * The headers to add to {@code request}.
     *
     * @throws IOException when it cannot be signed (no credentials, for example): the request then fails as one that
     *     got no answer, and is retried later. The message must not carry a secret.
     */
    Map<String, String> sign(Request request) throws IOException;

    /**
     * A request about to be sent.
     *
     * @param method {@code GET}, {@code POST}...
     * @param uri where it goes: scheme, host, port (left out when it is the scheme's default), path and query, exactly
     *     as sent
     * @param headers the headers it carries besides {@code Host} (which is the URI's host and port), names as given
     * @param body its body bytes as sent (gzipped when the request is), {@code body[offset, offset + length)}; an empty
     *     array for none. Must not be changed.
     */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, int offset, int length) {
        @Override
        public String toString() {
            return method + " " + uri + " " + headers.keySet() + " (" + length + " bytes)";
        }
    }
}
