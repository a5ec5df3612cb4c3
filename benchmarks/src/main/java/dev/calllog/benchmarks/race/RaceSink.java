package dev.calllog.benchmarks.race;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The sink every contender ships to: the JDK's own HTTP server ({@code com.sun.net.httpserver}), playing an OpenSearch
 * node that indexes instantly. For {@code POST .../_bulk} it reads the whole body, gunzips it when it says {@code
 * Content-Encoding: gzip}, reads every action line ({@code index} or {@code create}, its {@code _index} and {@code
 * _id}) and answers a complete bulk response, one item per document with the fields a node gives ({@code _index},
 * {@code _id}, {@code _version}, {@code result}, {@code _shards}, {@code _seq_no}, {@code _primary_term}, {@code
 * status}), cut down by {@code filter_path} as a node cuts it, and gzipped when the client accepts gzip, as a node does.
 * A body it cannot read is answered 400. Other requests get what a node answers to a client starting up ({@code GET /}
 * the node's identity, anything else {@code {"acknowledged":true}}).
 *
 * <p>Nothing in it favours one client: every contender gets the same server, the same answers, the same threads.
 * {@code GET /_sink/stats?index=NAME} tells the documents received for one index and when the last of them arrived.
 */
public final class RaceSink implements AutoCloseable {
    private static final byte[] ROOT = ("{\"name\":\"race-sink\",\"cluster_name\":\"race\",\"cluster_uuid\":\"race\","
                    + "\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.6\",\"build_type\":\"zip\","
                    + "\"lucene_version\":\"9.12.2\",\"minimum_wire_compatibility_version\":\"7.10.0\","
                    + "\"minimum_index_compatibility_version\":\"7.0.0\"},\"tagline\":\"The OpenSearch Project:"
                    + " https://opensearch.org/\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACK = "{\"acknowledged\":true}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, IndexCount> indices = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong seqNo = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private RaceSink(int threadCount) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "race-sink");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a sink on a free loopback port, with {@code threadCount} threads serving requests. */
    public static RaceSink start(int threadCount) throws IOException {
        return new RaceSink(threadCount);
    }

    /**
     * Sends the sink {@code requests} bulk requests of 1,000 small items, half of them gzipped, and waits for the
     * answers, so that its own code is compiled before a contender is measured against it.
     */
    public void warmUp(int requests) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("{\"create\":{\"_id\":\"w")
                    .append(i)
                    .append("\"}}\n{\"message\":\"warm-up\",\"i\":")
                    .append(i)
                    .append("}\n");
        }
        byte[] plain = sb.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(plain);
        }
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < requests; i++) {
            boolean zip = (i & 1) == 0;
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(
                            url() + "/_sink_warmup/_bulk?filter_path=" + (zip ? "errors,items.*.status" : "")))
                    .header("Content-Type", "application/x-ndjson")
                    .header("Accept-Encoding", zip ? "gzip" : "identity")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(zip ? gz.toByteArray() : plain));
            if (zip) {
                b.header("Content-Encoding", "gzip");
            }
            java.net.http.HttpResponse<byte[]> r =
                    client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("the sink answered its own warm-up " + r.statusCode());
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Documents received for {@code index} so far. */
    public long documents(String index) {
        IndexCount c = indices.get(index);
        return c == null ? 0 : c.documents.get();
    }

    /** Bulk requests received, for all indices. */
    public long requests() {
        return requests.get();
    }

    /** Requests answered 400 because their body could not be read as bulk NDJSON. */
    public long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            String method = exchange.getRequestMethod();
            byte[] body = readBody(exchange);
            if (path.equals("/_sink/stats")) {
                answer(exchange, 200, stats(uri.getQuery()), false);
            } else if (method.equals("POST") && path.endsWith("/_bulk")) {
                bulk(exchange, uri, path, body);
            } else if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else if (method.equals("GET") && path.equals("/")) {
                answer(exchange, 200, ROOT, false);
            } else {
                answer(exchange, 200, ACK, false);
            }
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        try (InputStream raw = exchange.getRequestBody()) {
            InputStream in =
                    encoding != null && encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw, 65536) : raw;
            return in.readAllBytes();
        }
    }

    private void bulk(HttpExchange exchange, URI uri, String path, byte[] body) throws IOException {
        long started = System.nanoTime();
        String defaultIndex = path.equals("/_bulk") ? null : path.substring(1, path.length() - "/_bulk".length());
        List<Item> items = new ArrayList<>();
        String problem = readItems(body, defaultIndex, items);
        if (problem != null) {
            rejected.incrementAndGet();
            answer(
                    exchange,
                    400,
                    ("{\"error\":{\"type\":\"illegal_argument_exception\",\"reason\":\"" + problem
                                    + "\"},\"status\":400}")
                            .getBytes(StandardCharsets.UTF_8),
                    accepts(exchange));
            return;
        }
        Filter filter = Filter.of(query(uri.getRawQuery(), "filter_path"));
        StringBuilder json = new StringBuilder(64 + items.size() * 200);
        json.append('{');
        boolean first = true;
        if (filter.keeps("took")) {
            json.append("\"took\":").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            first = false;
        }
        if (filter.keeps("errors")) {
            json.append(first ? "" : ",").append("\"errors\":false");
            first = false;
        }
        if (filter.keepsAnyUnder("items")) {
            json.append(first ? "" : ",").append("\"items\":[");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                items.get(i).write(json, filter, seqNo.getAndIncrement());
            }
            json.append(']');
        }
        json.append('}');
        // Counted before the answer leaves: a client that has its answer finds its documents counted.
        long now = epochMicros();
        for (Item item : items) {
            IndexCount c = indices.computeIfAbsent(item.index, k -> new IndexCount());
            c.documents.incrementAndGet();
            c.lastMicros = now;
        }
        requests.incrementAndGet();
        answer(exchange, 200, json.toString().getBytes(StandardCharsets.UTF_8), accepts(exchange));
    }

    /** Reads the NDJSON into items; returns what is wrong with it, or null. */
    private String readItems(byte[] body, String defaultIndex, List<Item> items) {
        int n = body.length;
        int pos = 0;
        while (pos < n) {
            int end = lineEnd(body, pos);
            if (end == pos) { // an empty line between items
                pos = end + 1;
                continue;
            }
            String action = new String(body, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            String op = firstKey(action);
            if (op == null || !(op.equals("index") || op.equals("create"))) {
                return "unsupported bulk action line: " + abbreviate(action);
            }
            String index = stringField(action, "_index");
            if (index == null) {
                index = defaultIndex;
            }
            if (index == null) {
                return "index is missing";
            }
            String id = stringField(action, "_id");
            if (pos >= n) {
                return "the action line has no document: " + abbreviate(action);
            }
            int docEnd = lineEnd(body, pos);
            if (docEnd == pos || body[pos] != '{' || body[lastNonSpace(body, pos, docEnd)] != '}') {
                return "the document is not a JSON object: "
                        + abbreviate(new String(body, pos, Math.min(docEnd - pos, 80), StandardCharsets.UTF_8));
            }
            int docStart = pos;
            pos = docEnd + 1;
            items.add(new Item(op, index, id != null ? id : generatedId()));
            if (items.size() == 1) {
                IndexCount c = indices.computeIfAbsent(index, k -> new IndexCount());
                if (c.sample == null) {
                    c.sample = action + "\n" + new String(body, docStart, docEnd - docStart, StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private String generatedId() {
        return "race" + Long.toString(ids.incrementAndGet(), 36) + "AbCdEfGhIjKl";
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    private static int lastNonSpace(byte[] b, int from, int end) {
        int i = end - 1;
        while (i > from && (b[i] == ' ' || b[i] == '\r' || b[i] == '\t')) {
            i--;
        }
        return i;
    }

    private static String firstKey(String action) {
        int q = action.indexOf('"');
        int e = q < 0 ? -1 : action.indexOf('"', q + 1);
        return e < 0 ? null : action.substring(q + 1, e);
    }

    private static String stringField(String json, String name) {
        String key = "\"" + name + "\"";
        int k = json.indexOf(key);
        if (k < 0) {
            return null;
        }
        int colon = json.indexOf(':', k + key.length());
        int q = colon < 0 ? -1 : json.indexOf('"', colon);
        int e = q < 0 ? -1 : json.indexOf('"', q + 1);
        return e < 0 ? null : json.substring(q + 1, e);
    }

    private static String abbreviate(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static boolean accepts(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    private static void answer(HttpExchange exchange, int status, byte[] body, boolean gzip) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/json; charset=UTF-8");
        byte[] out = body;
        if (gzip) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
                z.write(body);
            }
            out = bytes.toByteArray();
            exchange.getResponseHeaders().set("content-encoding", "gzip");
        }
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private byte[] stats(String query) {
        String index = query(query, "index");
        IndexCount c = index == null ? null : indices.get(index);
        long documents = c == null ? 0 : c.documents.get();
        long last = c == null ? 0 : c.lastMicros;
        return ("{\"documents\":" + documents + ",\"last_micros\":" + last + ",\"requests\":" + requests.get()
                        + ",\"rejected\":" + rejected.get() + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String query(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static final class IndexCount {
        final AtomicLong documents = new AtomicLong();
        volatile long lastMicros;
        volatile String sample;
    }

    /** The first bulk item (action and document lines) received for {@code index}, or null. */
    public String sample(String index) {
        IndexCount c = indices.get(index);
        return c == null ? null : c.sample;
    }

    /** One bulk item and its answer. */
    private record Item(String op, String index, String id) {
        void write(StringBuilder json, Filter filter, long seqNo) {
            String p = "items." + op + ".";
            json.append("{\"").append(op).append("\":{");
            int start = json.length();
            field(json, filter, p + "_index", "\"_index\":\"" + index + "\"", start);
            field(json, filter, p + "_id", "\"_id\":\"" + id + "\"", start);
            field(json, filter, p + "_version", "\"_version\":1", start);
            field(json, filter, p + "result", "\"result\":\"created\"", start);
            if (filter.keepsAnyUnder(p + "_shards")) {
                StringBuilder shards = new StringBuilder("\"_shards\":{");
                int s = shards.length();
                field(shards, filter, p + "_shards.total", "\"total\":1", s);
                field(shards, filter, p + "_shards.successful", "\"successful\":1", s);
                field(shards, filter, p + "_shards.failed", "\"failed\":0", s);
                field(json, filter, null, shards.append('}').toString(), start);
            }
            field(json, filter, p + "_seq_no", "\"_seq_no\":" + seqNo, start);
            field(json, filter, p + "_primary_term", "\"_primary_term\":1", start);
            field(json, filter, p + "status", "\"status\":201", start);
            json.append("}}");
        }

        private static void field(StringBuilder json, Filter filter, String path, String text, int start) {
            if (path == null || filter.keeps(path)) {
                if (json.length() > start) {
                    json.append(',');
                }
                json.append(text);
            }
        }
    }

    /** {@code filter_path} as OpenSearch reads it, for the paths of a bulk response: dots, and {@code *} for a name. */
    private record Filter(List<String[]> patterns) {
        static Filter of(String filterPath) {
            if (filterPath == null || filterPath.isBlank()) {
                return new Filter(null);
            }
            List<String[]> p = new ArrayList<>();
            for (String f : filterPath.split(",")) {
                p.add(f.trim().split("\\."));
            }
            return new Filter(p);
        }

        /** Whether the leaf at {@code path} is kept: some pattern matches it or one of its parents. */
        boolean keeps(String path) {
            if (patterns == null) {
                return true;
            }
            String[] parts = path.split("\\.");
            for (String[] pattern : patterns) {
                if (pattern.length <= parts.length && matches(pattern, parts, pattern.length)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether anything at or below {@code path} is kept. */
        boolean keepsAnyUnder(String path) {
            if (patterns == null) {
                return true;
            }
            String[] parts = path.split("\\.");
            for (String[] pattern : patterns) {
                if (matches(pattern, parts, Math.min(pattern.length, parts.length))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(String[] pattern, String[] parts, int n) {
            for (int i = 0; i < n; i++) {
                if (!pattern[i].equals("*") && !pattern[i].equals(parts[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
