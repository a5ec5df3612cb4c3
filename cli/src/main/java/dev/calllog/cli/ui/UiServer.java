package dev.calllog.cli.ui;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallQuery;
import dev.calllog.core.catalog.Level;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The call-detail web view: a small HTTP server, on the JDK's own {@code com.sun.net.httpserver}, that serves the list
 * of calls ({@code /}) and one call's timeline ({@code /call?id=...}), read from OpenSearch on every request.
 *
 * <p>Made to run on a laptop: it listens on the loopback address unless told otherwise; it only reads (GET and HEAD;
 * every other method is refused) and sends OpenSearch nothing but searches; the credentials stay in the process (pages
 * never carry them, and error messages shown in a page have the password removed); every logged or typed value is
 * escaped; the pages have no script at all and say so to the browser with a strict Content-Security-Policy. On
 * loopback it also answers only requests addressed to a loopback name ({@code Host: localhost} or an address), so a
 * web page elsewhere cannot reach it through DNS rebinding.
 */
public final class UiServer implements AutoCloseable {
    /** The port {@code calllog ui} listens on by default. */
    public static final int DEFAULT_PORT = 8642;

    /** Calls a list shows when the request does not say. */
    static final int DEFAULT_LAST = 50;

    /** The most calls one list shows. */
    static final int MAX_LAST = 1000;

    /** The most events one timeline page shows. */
    static final int MAX_EVENTS = 5000;

    /** The most agents the search form offers. */
    static final int MAX_AGENTS = 500;

    /** The longest query string accepted. */
    static final int MAX_QUERY_CHARS = 2048;

    /** The policy every answer carries: no script, no frame, no plugin; styles and images from this server only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, String> SECURITY_HEADERS = securityHeaders();
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final HttpServer server;
    private final ExecutorService executor;
    private final CallReader reader;
    private final String dataStream;
    private final String secret;
    private final boolean loopback;
    private final byte[] stylesheet;

    private UiServer(HttpServer server, ExecutorService executor, CallReader reader, String dataStream, String secret)
            throws IOException {
        this.server = server;
        this.executor = executor;
        this.reader = reader;
        this.dataStream = dataStream;
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        this.loopback = server.getAddress().getAddress().isLoopbackAddress();
        try (InputStream in = UiServer.class.getResourceAsStream("style.css")) {
            if (in == null) {
                throw new IOException("the web view's style.css is missing from the class path");
            }
            this.stylesheet = in.readAllBytes();
        }
    }

    /**
     * Starts a server.
     *
     * @param address where to listen; the loopback address unless the user asked otherwise
     * @param port the port, or 0 for any free one
     * @param reader where the calls are read
     * @param dataStream the name shown in the pages' header
     * @param secret text never to show in a page (the OpenSearch password), or null
     * @throws IOException when the port cannot be bound
     */
    static UiServer start(InetAddress address, int port, CallReader reader, String dataStream, String secret)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        AtomicInteger threads = new AtomicInteger();
        // A few threads: one person's browser, a page and its stylesheet at once.
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "calllog-ui-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        UiServer ui;
        try {
            ui = new UiServer(server, executor, reader, dataStream, secret);
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
        server.setExecutor(executor);
        server.createContext("/", ui::handle);
        server.start();
        return ui;
    }

    /** The address to open in a browser: {@code http://127.0.0.1:8642/}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and ends its threads; requests in progress are cut. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Page page = route(exchange);
            send(exchange, page);
        } catch (IOException | UncheckedIOException e) {
            // The browser went away while the answer was being written: nothing more to do.
        }
    }

    /** An answer: status, content type and body. */
    record Page(int status, String contentType, byte[] body) {
        static Page html(int status, String html) {
            return new Page(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Page route(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return problem(405, "Only reading", "The call-log web view only reads: " + method + " is not allowed.");
        }
        if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
            return problem(
                    421,
                    "Wrong address",
                    "This web view answers only requests addressed to localhost or a loopback address.");
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && rawQuery.length() > MAX_QUERY_CHARS) {
            return problem(414, "Address too long", "The address is longer than " + MAX_QUERY_CHARS + " characters.");
        }
        Map<String, String> params;
        try {
            params = parameters(rawQuery);
        } catch (IllegalArgumentException e) {
            return problem(400, "Bad address", "The address's parameters cannot be read.");
        }
        String path = exchange.getRequestURI().getRawPath();
        return switch (path) {
            case "/" -> callsPage(params);
            case "/call" -> timelinePage(params);
            case "/style.css" -> new Page(200, "text/css; charset=utf-8", stylesheet);
            case "/favicon.ico" -> new Page(204, null, new byte[0]);
            default -> problem(404, "Not found", "There is no page at this address.");
        };
    }

    private Page callsPage(Map<String, String> params) {
        CallQuery query;
        try {
            String levelName = params.getOrDefault("level", "");
            Level level = levelName.isBlank() ? null : Level.parse(levelName);
            if (!levelName.isBlank() && level == null) {
                throw new IllegalArgumentException("'" + levelName + "' is not a level");
            }
            int last = DEFAULT_LAST;
            String lastText = params.getOrDefault("last", "");
            if (!lastText.isBlank()) {
                try {
                    last = Integer.parseInt(lastText.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + lastText + "' is not a number of calls");
                }
                if (last < 1 || last > MAX_LAST) {
                    throw new IllegalArgumentException("the number of calls must be between 1 and " + MAX_LAST);
                }
            }
            query = new CallQuery(last, params.get("since"), params.get("call"), params.get("agent"), level);
        } catch (IllegalArgumentException e) {
            return problem(400, "Bad search", e.getMessage());
        }
        try {
            List<CallSummary> calls = reader.calls(query);
            List<String> agents = reader.agents();
            return Page.html(200, CallsPage.render(query, calls, agents, dataStream));
        } catch (IOException | RuntimeException e) {
            return unreadable(e);
        }
    }

    private Page timelinePage(Map<String, String> params) {
        String callId = params.get("id");
        if (callId == null || callId.isEmpty()) {
            return problem(400, "Which call?", "Give the call's id: /call?id=...");
        }
        try {
            List<JsonObject> events = reader.timeline(callId, MAX_EVENTS + 1);
            if (events.isEmpty()) {
                return Page.html(404, TimelinePage.notFound(callId, dataStream));
            }
            boolean truncated = events.size() > MAX_EVENTS;
            List<JsonObject> shown = truncated ? events.subList(0, MAX_EVENTS) : events;
            return Page.html(200, TimelinePage.render(callId, shown, truncated, dataStream));
        } catch (IOException | RuntimeException e) {
            return unreadable(e);
        }
    }

    private Page unreadable(Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return problem(502, "Cannot read the call log", "OpenSearch could not be read: " + withoutSecret(reason));
    }

    /** The text with the secret, if it appears, replaced: a page never shows the password. */
    String withoutSecret(String text) {
        return secret == null || text == null ? text : text.replace(secret, "[hidden]");
    }

    private Page problem(int status, String title, String message) {
        return Page.html(
                status,
                Html.page(
                        title,
                        dataStream,
                        "<nav><a href=\"/\">&larr; All calls</a></nav>\n<h1>" + Html.text(title)
                                + "</h1>\n<p class=\"problem\">" + Html.text(withoutSecret(message)) + "</p>\n"));
    }

    private static void send(HttpExchange exchange, Page page) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        SECURITY_HEADERS.forEach(headers::set);
        if (page.contentType() != null) {
            headers.set("Content-Type", page.contentType());
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (page.body().length == 0 || head) {
            if (head && page.body().length > 0) {
                headers.set("Content-Length", String.valueOf(page.body().length));
            }
            exchange.sendResponseHeaders(page.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(page.status(), page.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page.body());
        }
    }

    /** Whether a Host header names a loopback host: {@code localhost}, {@code 127.x.y.z} or {@code [::1]}. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        return LOOPBACK_NAMES.contains(name) || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The query string's parameters (the last value of each name wins). */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static Map<String, String> securityHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cache-Control", "no-store");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        return Map.copyOf(h);
    }
}
