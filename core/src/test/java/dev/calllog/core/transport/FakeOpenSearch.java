package dev.calllog.core.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An in-process HTTP server that plays an OpenSearch node, for faults a real node cannot produce on demand. Records
 * every request (body un-gzipped) and answers through a replaceable {@link Handler}.
 */
public final class FakeOpenSearch implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(
            String method, String path, String query, Map<String, String> headers, byte[] rawBody, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** The {@code _id}s of a bulk body, in order. */
        public List<String> bulkIds() {
            List<String> ids = new ArrayList<>();
            String[] lines = bodyText().split("\n");
            for (int i = 0; i < lines.length; i += 2) {
                ids.add(idOf(lines[i]));
            }
            return ids;
        }
    }

    /** An answer. */
    public record Answer(int status, String body) {}

    /** Decides the answer to a request. */
    @FunctionalInterface
    public interface Handler {
        Answer handle(Request request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Handler handler = r -> new Answer(404, "{}");
    private volatile boolean gzipAnswers;

    public FakeOpenSearch() throws IOException {
        this(0);
    }

    /** A server on the given port of 127.0.0.1 (0 for any free one). */
    public FakeOpenSearch(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public void handler(Handler handler) {
        this.handler = handler;
    }

    /** Gzips answers to requests that accept it, as a node with {@code http.compression} does. */
    public void gzipAnswers(boolean gzip) {
        this.gzipAnswers = gzip;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The bulk requests seen so far. */
    public List<Request> bulkRequests() {
        return requests.stream().filter(r -> r.path().endsWith("/_bulk")).toList();
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            byte[] body = raw;
            if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    body = in.readAllBytes();
                }
            }
            Request request = new Request(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(),
                    Map.copyOf(headers),
                    raw,
                    body);
            requests.add(request);
            Answer answer;
            try {
                answer = handler.handle(request);
            } catch (Exception e) {
                answer = new Answer(500, "{\"error\":\"fake server: " + e + "\"}");
            }
            if (answer == null) {
                // Drop the connection without an answer.
                return;
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            String accept = headers.get("accept-encoding");
            if (gzipAnswers && accept != null && accept.contains("gzip") && out.length > 0) {
                java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
                    gz.write(out);
                }
                out = bos.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- bulk answers ----

    /** Decides the status of one bulk item. */
    @FunctionalInterface
    public interface ItemPolicy {
        /**
         * @param id the item's {@code _id}
         * @param attempt how many times this id was seen before (0 on its first request)
         */
        ItemAnswer answer(String id, int attempt);
    }

    /** The answer for one item: a status, and for errors a type and reason. */
    public record ItemAnswer(int status, String type, String reason) {
        public static ItemAnswer created() {
            return new ItemAnswer(201, null, null);
        }
    }

    /** A handler that answers bulk requests item by item, and 404 anything else. */
    public static Handler bulk(ItemPolicy policy) {
        Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return request -> {
            if (!request.path().endsWith("/_bulk")) {
                return new Answer(404, "{}");
            }
            StringBuilder items = new StringBuilder();
            boolean errors = false;
            for (String id : request.bulkIds()) {
                int attempt = seen.merge(id, 1, Integer::sum) - 1;
                ItemAnswer a = policy.answer(id, attempt);
                if (items.length() > 0) {
                    items.append(',');
                }
                items.append("{\"create\":{\"_index\":\".ds-calllog-000001\",\"_id\":\"")
                        .append(id)
                        .append("\",\"status\":")
                        .append(a.status());
                if (a.status() >= 300) {
                    errors = true;
                    items.append(",\"error\":{\"type\":\"")
                            .append(a.type())
                            .append("\",\"reason\":\"")
                            .append(a.reason())
                            .append("\",\"index\":\".ds-calllog-000001\"}");
                } else {
                    items.append(",\"_version\":1,\"result\":\"created\",\"_seq_no\":0,\"_primary_term\":1");
                }
                items.append("}}");
            }
            return new Answer(200, "{\"took\":3,\"errors\":" + errors + ",\"items\":[" + items + "]}");
        };
    }

    static String idOf(String actionLine) {
        int i = actionLine.indexOf("\"_id\":\"");
        if (i < 0) {
            return null;
        }
        int start = i + 7;
        return actionLine.substring(start, actionLine.indexOf('"', start));
    }
}
