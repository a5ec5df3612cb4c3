package dev.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/**
 * A minimal HTTP client for tests that query a node: every call returns the status and the body as a string, whatever
 * the status, and throws {@link UncheckedIOException} only when no answer came at all.
 */
public final class OpenSearchHttp {
    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";

    private final String baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final SSLContext ssl;
    private final String authorization;
    private final String user;

    /** A client for {@code baseUrl} (e.g. {@code http://127.0.0.1:9200}) with a 60 s request timeout. */
    public OpenSearchHttp(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(60));
    }

    public OpenSearchHttp(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, null, null, null);
    }

    /**
     * A client that trusts what {@code ssl} trusts (null: the JVM's default) and sends basic authentication when
     * {@code user} is not null.
     */
    public OpenSearchHttp(String baseUrl, Duration timeout, SSLContext ssl, String user, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.ssl = ssl;
        this.user = user;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((user + ":" + (password == null ? "" : password))
                                        .getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
    }

    /** A client for the same node, with the same trust, that authenticates as {@code user}. */
    public OpenSearchHttp as(String user, String password) {
        return new OpenSearchHttp(baseUrl, timeout, ssl, user, password);
    }

    /** Status code and body of an answer. */
    public record Response(int status, String body) {
        /** True for 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response head(String path) {
        return send("HEAD", path, null, null);
    }

    /** PUT with a JSON body. */
    public Response put(String path, String json) {
        return send("PUT", path, json, JSON);
    }

    /** POST with a JSON body. */
    public Response post(String path, String json) {
        return send("POST", path, json, JSON);
    }

    /** POST of newline-delimited JSON, as {@code _bulk} takes it; a final newline is added when missing. */
    public Response bulk(String path, String ndjson) {
        return send("POST", path, ndjson.endsWith("\n") ? ndjson : ndjson + "\n", NDJSON);
    }

    /**
     * Sends one request. {@code path} is relative to the base URL, with or without a leading slash, and may carry a
     * query string; {@code body} may be null.
     */
    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path)))
                .timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType == null ? JSON : contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
    }

    /** The user this client authenticates as, or null. */
    public String user() {
        return user;
    }

    @Override
    public String toString() {
        return "OpenSearchHttp " + baseUrl + (user == null ? "" : " as " + user);
    }

    /** The base URL this client sends to. */
    public String baseUrl() {
        return baseUrl;
    }
}
