package dev.calllog.core.transport;

import dev.calllog.core.config.CallLogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Options;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * {@link BulkTransport} over opensearch-java's Apache HttpClient 5 transport and its generic client, which sends
 * pre-built bodies as they are.
 *
 * <p>With several URLs, the transport rotates over the nodes; a node that refuses the connection or answers 502, 503 or
 * 504 is marked dead and the request goes to the next one; dead nodes are tried again after a delay that grows from one
 * minute to thirty, or at once when no live node is left. When every live node fails a request, it is sent once more at
 * once, which reaches the dead node closest to its retry: a node that failed is set aside, never forgotten. The transport's own compression stays off: the shipper gzips
 * bulk bodies itself, once, into a reused buffer.
 */
public final class OpenSearchHttpTransport implements BulkTransport {
    private static final byte[] EMPTY = new byte[0];

    private final ApacheHttpClient5Transport transport;
    private final PoolingAsyncClientConnectionManager connections;
    private final OpenSearchGenericClient client;
    private final ApacheHttpClient5Options baseOptions;
    private final int nodes;

    private OpenSearchHttpTransport(
            ApacheHttpClient5Transport transport, PoolingAsyncClientConnectionManager connections, int nodes) {
        this.nodes = nodes;
        this.transport = transport;
        this.connections = connections;
        this.client = new OpenSearchGenericClient(transport);
        this.baseOptions = (ApacheHttpClient5Options) transport.options();
    }

    /**
     * Builds a transport for every URL of {@code config}, with its credentials, trust store and timeouts.
     *
     * @throws IllegalArgumentException when a URL is not usable or the URLs have different paths
     * @throws GeneralSecurityException when the trust store cannot be used
     * @throws IOException when the trust store cannot be read
     */
    public static OpenSearchHttpTransport create(CallLogConfig config) throws GeneralSecurityException, IOException {
        List<String> urls = config.urls();
        HttpHost[] hosts = new HttpHost[urls.size()];
        String pathPrefix = null;
        for (int i = 0; i < hosts.length; i++) {
            URI uri = URI.create(urls.get(i));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + urls.get(i) + "' is not an http:// or https:// URL");
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            hosts[i] = new HttpHost(scheme, uri.getHost(), port);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            if (pathPrefix == null) {
                pathPrefix = path;
            } else if (!pathPrefix.equals(path)) {
                throw new IllegalArgumentException("every <url> must have the same path, but '" + urls.get(0)
                        + "' and '" + urls.get(i) + "' differ");
            }
        }

        SSLContext sslContext = sslContext(config);
        ConnectionConfig connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(config.connectTimeoutMillis()))
                .setSocketTimeout(Timeout.ofMilliseconds(config.requestTimeoutMillis()))
                .build();
        BasicCredentialsProvider credentials = null;
        if (config.username() != null) {
            credentials = new BasicCredentialsProvider();
            char[] password =
                    config.password() == null ? new char[0] : config.password().toCharArray();
            for (HttpHost host : hosts) {
                credentials.setCredentials(
                        new AuthScope(host), new UsernamePasswordCredentials(config.username(), password));
            }
        }
        BasicCredentialsProvider credentialsProvider = credentials;

        // Replaces the builder's connection manager, which only knows the JVM's default trust store.
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(sslContext)
                        .buildAsync())
                .setDefaultConnectionConfig(connectionConfig)
                .setMaxConnPerRoute(2)
                .setMaxConnTotal(2 * hosts.length)
                .build();
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setMapper(new RawBodyMapper())
                .setCompressionEnabled(false)
                .setRequestConfigCallback(
                        rc -> rc.setConnectionRequestTimeout(Timeout.ofMilliseconds(config.connectTimeoutMillis()))
                                .setResponseTimeout(Timeout.ofMilliseconds(config.requestTimeoutMillis())))
                .setHttpClientConfigCallback(hc -> {
                    hc.setConnectionManager(connections);
                    if (credentialsProvider != null) {
                        hc.setDefaultCredentialsProvider(credentialsProvider);
                    }
                    return hc;
                });
        if (!pathPrefix.isEmpty()) {
            builder.setPathPrefix(pathPrefix);
        }
        return new OpenSearchHttpTransport(builder.build(), connections, hosts.length);
    }

    /**
     * The TLS context for {@code config}: its trust store when one is set, else the JVM's default. Tools that talk to
     * other services of the same cluster (OpenSearch Dashboards) use it, so that they trust what the appender trusts.
     */
    public static SSLContext sslContext(CallLogConfig config) throws GeneralSecurityException, IOException {
        if (config.trustStore() == null) {
            return SSLContext.getDefault();
        }
        KeyStore trustStore = KeyStore.getInstance(config.trustStoreType());
        char[] password = config.trustStorePassword() == null
                ? null
                : config.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(config.trustStore()))) {
            trustStore.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Override
    public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> headers)
            throws IOException {
        return start(method, path, body, off, len, headers).await();
    }

    /**
     * Starts the request on the client's I/O threads. With several nodes, an answer of 502, 503 or 504, or no answer,
     * is followed by one more attempt (synchronous, in {@link Pending#await()}), which goes to the next node.
     */
    @Override
    public Pending start(String method, String path, byte[] body, int off, int len, Map<String, String> headers) {
        String contentType = null;
        ApacheHttpClient5Options.Builder options = baseOptions.toBuilder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = h.getValue();
            } else {
                // The generic client ignores a request's own headers: they travel as transport options.
                options.addHeader(h.getKey(), h.getValue());
            }
        }
        Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(path);
        if (body != null) {
            byte[] bytes = off == 0 && len == body.length ? body : Arrays.copyOfRange(body, off, off + len);
            request.body(Body.from(bytes, contentType == null ? "application/json" : contentType));
        }
        OpenSearchGenericClient c = client.withTransportOptions(options.build());
        Request r = request.build();
        CompletableFuture<Response> first;
        try {
            first = c.executeAsync(r);
        } catch (RuntimeException e) {
            first = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Response> answer = first;
        if (nodes < 2) {
            return () -> await(answer);
        }
        return () -> {
            try {
                HttpResult result = await(answer);
                if (result.status() < 502 || result.status() > 504) {
                    return result;
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                // Every live node failed: the second attempt goes to the node set aside longest ago.
            }
            return execute(c, r);
        };
    }

    /** The answer of a request started with {@code executeAsync}, as {@link #execute} gives it. */
    private static HttpResult await(CompletableFuture<Response> answer) throws IOException {
        try (Response response = answer.get()) {
            Optional<Body> body = response.getBody();
            return new HttpResult(
                    response.getStatus(), body.isPresent() ? body.get().bodyAsBytes() : EMPTY);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while waiting for the answer");
            io.initCause(e);
            throw io;
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                            ? e.getCause().getCause()
                            : e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof ResponseException) {
                    return result((ResponseException) t);
                }
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(String.valueOf(cause), cause);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.toString(), e); // close() of the response; not expected
        }
    }

    private static HttpResult execute(OpenSearchGenericClient client, Request request) throws IOException {
        try (Response response = client.execute(request)) {
            Optional<Body> body = response.getBody();
            return new HttpResult(
                    response.getStatus(), body.isPresent() ? body.get().bodyAsBytes() : EMPTY);
        } catch (IOException e) {
            // Statuses the transport treats as errors (401, 403, 413, 429, 5xx...) still carry the node's answer,
            // possibly wrapped.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ResponseException) {
                    return result((ResponseException) t);
                }
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            // Interrupted waits and closed clients surface as runtime exceptions; to the caller they are I/O trouble.
            IOException io = e.getMessage() != null && e.getMessage().contains("interrupted")
                    ? new InterruptedIOException(e.getMessage())
                    : new IOException(e.toString());
            io.initCause(e);
            throw io;
        } catch (Exception e) {
            throw new IOException(e.toString(), e); // close() of the response; not expected
        }
    }

    private static HttpResult result(ResponseException e) {
        // The low-level response is not public; its body is in the message, after the request line (and warnings).
        String message = e.getMessage() == null ? "" : e.getMessage();
        int nl = message.indexOf('\n');
        String body = nl < 0 ? "" : message.substring(nl + 1);
        if (body.startsWith("Warnings: ")) {
            nl = body.indexOf('\n');
            body = nl < 0 ? "" : body.substring(nl + 1);
        }
        return new HttpResult(e.status(), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Closes every connection at once, aborting a request in flight (the client's own graceful close would wait up to
     * five seconds for it), then the client.
     */
    @Override
    public void close() throws IOException {
        connections.close(CloseMode.IMMEDIATE);
        transport.close();
    }
}
