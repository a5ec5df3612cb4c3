package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.CallLogConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * {@link BulkTransport} over the JDK's own HTTP client ({@link java.net.http.HttpClient}): no library besides the JDK.
 *
 * <ul>
 *   <li>HTTP/1.1 with keep-alive: connections are pooled and reused; several requests may be in flight at once.
 *   <li>Asynchronous: {@link #start} returns as soon as the request is handed to the client's I/O thread.
 *   <li>Bodies are sent as given: the shipper gzips bulk bodies itself, once, into a reused buffer, and says so with
 *       {@code Content-Encoding}; gzipped answers ({@code Accept-Encoding: gzip}) are unpacked here.
 *   <li>TLS from {@link TlsContexts} (PEM CA file, trust store, client certificate); host names always verified.
 *   <li>Credentials and the user's headers from {@link ConnectionHeaders}; a {@link RequestSigner} (AWS SigV4) signs
 *       each request when the settings ask for one.
 *   <li>Proxies: the JVM's {@link java.net.ProxySelector} unless {@code proxy} names one, or {@code direct}.
 * </ul>
 *
 * <p>With several URLs, the requests rotate over the nodes ({@link NodePool}); a node that gives no answer or answers
 * 502, 503 or 504 is set aside and the request goes to the next one at once; when every live node failed, it goes once
 * more to the node set aside that is closest to its retry: a node that failed is set aside, never forgotten.
 */
public final class OpenSearchHttpTransport implements BulkTransport {
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** {@code HttpClient.shutdownNow()}, on Java 21 and later; null before. */
    private static final MethodHandle SHUTDOWN_NOW = shutdownNowHandle();

    private final HttpClient client;
    private final ExecutorService executor;
    private final NodePool nodes;
    private final Map<String, String> connectionHeaders;
    private final RequestSigner signer;
    private final Duration requestTimeout;
    /** A bound on one attempt, answer body included, beyond the client's own timeouts. */
    private final long attemptLimitMillis;

    private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private OpenSearchHttpTransport(
            HttpClient client,
            ExecutorService executor,
            NodePool nodes,
            ConnectionHeaders headers,
            RequestSigner signer,
            long connectTimeoutMillis,
            long requestTimeoutMillis) {
        this.client = client;
        this.executor = executor;
        this.nodes = nodes;
        this.connectionHeaders = headers.asMap();
        this.signer = signer;
        this.requestTimeout = Duration.ofMillis(requestTimeoutMillis);
        this.attemptLimitMillis = connectTimeoutMillis + 2 * requestTimeoutMillis;
    }

    /**
     * Builds a transport for every URL of {@code config}, with its credentials, TLS, proxy and timeouts.
     *
     * @throws IllegalArgumentException when a URL is not usable or the URLs have different paths
     * @throws GeneralSecurityException when the trust store, key store or certificates cannot be used
     * @throws IOException when a file they name (or a secret file) cannot be read
     */
    public static OpenSearchHttpTransport create(CallLogConfig config) throws GeneralSecurityException, IOException {
        return create(config, System::nanoTime);
    }

    static OpenSearchHttpTransport create(CallLogConfig config, LongSupplier nanoTime)
            throws GeneralSecurityException, IOException {
        List<URI> bases = NodeUrls.bases(config.urls());
        ConnectionHeaders headers = ConnectionHeaders.from(config);
        SSLContext ssl = TlsContexts.sslContext(config);
        RequestSigner signer = signer(config);

        int id = CLIENTS.incrementAndGet();
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("calllog-http-" + id + "-"));
        SSLParameters tls = ssl.getDefaultSSLParameters();
        // Always verify the node's host name, even if the JVM was told otherwise for its own HTTP client.
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(ssl)
                .sslParameters(tls)
                .executor(executor);
        ProxySettings.apply(config, builder);
        return new OpenSearchHttpTransport(
                builder.build(),
                executor,
                new NodePool(bases, nanoTime),
                headers,
                signer,
                config.connectTimeoutMillis(),
                config.requestTimeoutMillis());
    }

    /**
     * The TLS context for {@code config} (see {@link TlsContexts}). Tools that talk to other services of the same
     * cluster (OpenSearch Dashboards) use it, so that they trust what the appender trusts.
     */
    public static SSLContext sslContext(CallLogConfig config) throws GeneralSecurityException, IOException {
        return TlsContexts.sslContext(config);
    }

    /** The signer the settings ask for, or null. */
    private static RequestSigner signer(CallLogConfig config) throws GeneralSecurityException {
        if (config.awsRegion() == null) {
            return null;
        }
        RequestSignerProvider provider = RequestSignerProvider.find(RequestSignerProvider.AWS_SIGV4);
        if (provider == null) {
            throw new GeneralSecurityException("<awsRegion> is set, but the calllog-aws module is not on the class"
                    + " path: add the dependency dev.calllog:calllog-aws");
        }
        try {
            return provider.create(config);
        } catch (Exception e) {
            throw new GeneralSecurityException("AWS request signing cannot be set up: " + e.getMessage(), e);
        }
    }

    @Override
    public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> headers)
            throws IOException {
        return start(method, path, body, off, len, headers).await();
    }

    @Override
    public Pending start(String method, String path, byte[] body, int off, int len, Map<String, String> headers) {
        Exchange exchange = new Exchange(method, path, body, off, len, headers, nodes.candidates());
        if (closed) {
            exchange.answer.completeExceptionally(new IOException("the connection to OpenSearch is closed"));
        } else {
            inFlight.add(exchange);
            exchange.answer.whenComplete((r, e) -> inFlight.remove(exchange));
            attempt(exchange, 0);
        }
        return exchange::await;
    }

    /** Sends {@code exchange} to its {@code i}-th candidate node; on a node failure, to the next one. */
    private void attempt(Exchange exchange, int i) {
        NodePool.Node node = exchange.candidates.get(i);
        HttpRequest request;
        try {
            request = request(exchange, node);
        } catch (IOException | RuntimeException e) {
            exchange.answer.completeExceptionally(e instanceof IOException io ? io : new IOException(e.toString(), e));
            return;
        }
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        exchange.current = sent;
        if (exchange.cancelled) {
            sent.cancel(true);
        }
        CompletableFuture<HttpResponse<byte[]>> attempt = sent;
        // Timed on a copy: timing out the client's own future would not abort the exchange, cancelling it does.
        sent.copy().orTimeout(attemptLimitMillis, TimeUnit.MILLISECONDS).whenComplete((response, failure) -> {
            if (failure == null) {
                int status = response.statusCode();
                boolean nodeTrouble = status == 502 || status == 503 || status == 504;
                if (nodeTrouble) {
                    nodes.markDead(node);
                } else {
                    nodes.markAlive(node);
                }
                if (nodeTrouble && i + 1 < exchange.candidates.size() && !exchange.cancelled && !closed) {
                    attempt(exchange, i + 1);
                    return;
                }
                try {
                    exchange.answer.complete(new HttpResult(status, Answers.body(response)));
                } catch (IOException e) {
                    exchange.answer.completeExceptionally(e);
                }
                return;
            }
            Throwable cause = Answers.unwrap(failure);
            if (cause instanceof TimeoutException) {
                attempt.cancel(true); // the exchange itself, still open
            }
            IOException problem = Answers.problem(cause, node, attemptLimitMillis, closed);
            if (exchange.cancelled || closed) {
                exchange.answer.completeExceptionally(problem);
                return;
            }
            nodes.markDead(node);
            if (i + 1 < exchange.candidates.size()) {
                attempt(exchange, i + 1);
            } else {
                exchange.answer.completeExceptionally(problem);
            }
        });
    }

    /** The request for one node: the connection's headers, the request's own, then the signer's. */
    private HttpRequest request(Exchange exchange, NodePool.Node node) throws IOException {
        URI uri = URI.create(node.base + exchange.path);
        Map<String, String> headers = new LinkedHashMap<>(connectionHeaders);
        boolean typed = false;
        for (Map.Entry<String, String> h : exchange.headers.entrySet()) {
            headers.put(h.getKey(), h.getValue());
            typed |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        if (exchange.body != null && !typed) {
            headers.put("Content-Type", "application/json");
        }
        if (signer != null) {
            byte[] body = exchange.body == null ? new byte[0] : exchange.body;
            Map<String, String> signed = signer.sign(new RequestSigner.Request(
                    exchange.method, uri, Map.copyOf(headers), body, exchange.off, exchange.len));
            headers.putAll(signed);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            b.setHeader(h.getKey(), h.getValue());
        }
        b.method(
                exchange.method,
                exchange.body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(exchange.body, exchange.off, exchange.len));
        return b.build();
    }

    /**
     * Fails every request in flight, and releases the client's threads and connections (at once on Java 21 and later;
     * on Java 17 the idle connections close when the client is collected).
     */
    @Override
    public void close() {
        closed = true;
        for (Exchange e : inFlight) {
            e.cancel();
        }
        if (SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invoke(client);
            } catch (Throwable t) {
                // best effort: the executor below still stops
            }
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpenSearchHttpTransport" + nodes + " headers " + connectionHeaders.keySet()
                + (signer == null ? "" : " signed");
    }

    /** One request and its attempts. */
    private final class Exchange {
        final String method;
        final String path;
        final byte[] body;
        final int off;
        final int len;
        final Map<String, String> headers;
        final List<NodePool.Node> candidates;
        final CompletableFuture<HttpResult> answer = new CompletableFuture<>();
        volatile CompletableFuture<?> current;
        volatile boolean cancelled;

        Exchange(
                String method,
                String path,
                byte[] body,
                int off,
                int len,
                Map<String, String> headers,
                List<NodePool.Node> candidates) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.off = off;
            this.len = len;
            this.headers = headers;
            this.candidates = candidates;
        }

        void cancel() {
            cancelled = true;
            CompletableFuture<?> c = current;
            if (c != null) {
                c.cancel(true); // aborts the exchange on the wire
            }
            answer.completeExceptionally(
                    closed
                            ? new IOException("the connection to OpenSearch was closed")
                            : new InterruptedIOException("the request was cancelled"));
        }

        HttpResult await() throws IOException {
            try {
                return answer.get();
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                InterruptedIOException io = new InterruptedIOException("interrupted while waiting for the answer");
                io.initCause(e);
                throw io;
            } catch (ExecutionException e) {
                Throwable cause = Answers.unwrap(e);
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(String.valueOf(cause), cause);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static MethodHandle shutdownNowHandle() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
