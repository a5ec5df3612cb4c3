package dev.calllog.testsupport.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * An in-process HTTP/1.1 server that plays an OpenSearch node, for the faults a real node cannot produce on demand:
 * scripted statuses for a whole request or for each bulk item, connection resets, answers cut in half, requests never
 * answered; over HTTP, or HTTPS with a given key and certificate. It records every request as it saw it: headers, the raw body and the body un-gzipped.
 *
 * <p>A raw socket rather than the JDK's {@code HttpServer}, which can neither reset a connection nor cut an answer
 * short. Each connection has a thread of its own, so a request held unanswered does not hold the others up.
 *
 * <pre>{@code
 * try (FakeOpenSearch node = new FakeOpenSearch()) {
 *     node.handler(FakeOpenSearch.bulk((id, attempt) -> attempt == 0 ? ItemAnswer.of(429) : ItemAnswer.created()));
 *     // ... ship to node.url() ...
 *     assertThat(node.bulkRequests()).hasSize(2);
 * }
 * }</pre>
 *
 * For a node that keeps what it indexed (and answers 409 to an {@code _id} it holds), see {@link FakeIndex}.
 */
public final class FakeOpenSearch implements AutoCloseable {

    /** One request as the server saw it; header names in lower case, {@code body} un-gzipped. */
    public record Request(
            String method, String path, String query, Map<String, String> headers, byte[] rawBody, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header's value (several values joined with commas), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The request line: method, path and query. */
        public String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }

        public boolean isBulk() {
            return path.endsWith("/_bulk");
        }

        /** The {@code _id}s of a bulk body, in order (null for an action line without one). */
        public List<String> bulkIds() {
            List<String> ids = new ArrayList<>();
            String[] lines = bodyText().split("\n");
            for (int i = 0; i < lines.length; i += 2) {
                if (!lines[i].isEmpty()) {
                    ids.add(idOf(lines[i]));
                }
            }
            return ids;
        }
    }

    /** What the server does with a request that is not simply answered. */
    public enum Fault {
        /** Close the connection without a word. */
        DROP,
        /** Reset the connection (TCP RST). */
        RESET,
        /** Send the status line, the headers and half of the body, then close. */
        HALF_WRITTEN,
        /** Never answer: hold the connection until the client gives up on it or the server closes. */
        NO_ANSWER
    }

    /**
     * An answer: a status and a JSON body, or a {@link Fault} (then status and body are what a half-written answer
     * starts with).
     */
    public record Answer(int status, String body, Fault fault) {
        public Answer(int status, String body) {
            this(status, body, null);
        }

        public static Answer of(int status, String body) {
            return new Answer(status, body);
        }

        /** Closes the connection without answering. */
        public static Answer drop() {
            return new Answer(0, "", Fault.DROP);
        }

        /** Resets the connection without answering. */
        public static Answer reset() {
            return new Answer(0, "", Fault.RESET);
        }

        /** Sends half of this answer's body, then closes the connection. */
        public static Answer halfWritten(int status, String body) {
            return new Answer(status, body, Fault.HALF_WRITTEN);
        }

        /** Holds the request unanswered until the client gives up or the server closes. */
        public static Answer noAnswer() {
            return new Answer(0, "", Fault.NO_ANSWER);
        }
    }

    /** Decides the answer to a request; null drops the connection. An exception is answered 500. */
    @FunctionalInterface
    public interface Handler {
        Answer handle(Request request) throws Exception;
    }

    private final ServerSocket server;
    private final String scheme;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Handler handler = r -> new Answer(404, "{}");
    private volatile boolean gzipAnswers;
    private volatile boolean keepRequests = true;
    private volatile boolean closed;

    /** A server on a free port of the loopback address. */
    public FakeOpenSearch() throws IOException {
        this(0);
    }

    /** A server on the given port of the loopback address (0 for any free one). */
    public FakeOpenSearch(int port) throws IOException {
        this(port, null);
    }

    /** An HTTPS server on a free port of the loopback address, with the key and certificate of {@code tls}. */
    public FakeOpenSearch(SSLContext tls) throws IOException {
        this(0, tls);
    }

    private FakeOpenSearch(int port, SSLContext tls) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = tls == null
                ? new ServerSocket(port, 50, loopback)
                : tls.getServerSocketFactory().createServerSocket(port, 50, loopback);
        scheme = tls == null ? "http" : "https";
        Thread acceptor = new Thread(this::accept, "fake-opensearch-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:port}, or {@code https://...} for a server with TLS. */
    public String url() {
        return scheme + "://127.0.0.1:" + port();
    }

    /** Replaces the handler; the default answers 404 to everything. */
    public FakeOpenSearch handler(Handler handler) {
        this.handler = handler;
        return this;
    }

    /** Gzips answers to requests that accept it, as a node with {@code http.compression} does. */
    public FakeOpenSearch gzipAnswers(boolean gzip) {
        this.gzipAnswers = gzip;
        return this;
    }

    /** Whether to record requests (on by default; off for long runs, where only the handler's own counts matter). */
    public FakeOpenSearch keepRequests(boolean keep) {
        this.keepRequests = keep;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The request lines seen so far, such as {@code PUT /_index_template/calllog}. */
    public List<String> requestLines() {
        return requests.stream().map(Request::line).toList();
    }

    /** The bulk requests seen so far. */
    public List<Request> bulkRequests() {
        return requests.stream().filter(Request::isBulk).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "fake-opensearch-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request r = read(in);
                if (r == null || !answer(r, socket, in, out)) {
                    return;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away, or this side reset the connection.
        } finally {
            sockets.remove(socket);
        }
    }

    /** Answers one request; returns whether the connection stays open. */
    private boolean answer(Request r, Socket socket, InputStream in, OutputStream out) throws IOException {
        if (keepRequests) {
            requests.add(r);
        }
        Answer a;
        try {
            a = handler.handle(r);
        } catch (Exception e) {
            a = new Answer(500, "{\"error\":\"fake server: " + e.toString().replace('"', '\'') + "\"}");
        }
        if (a == null || a.fault() == Fault.DROP) {
            return false;
        }
        if (a.fault() == Fault.RESET) {
            socket.setSoLinger(true, 0);
            return false;
        }
        if (a.fault() == Fault.NO_ANSWER) {
            // Until the client closes its side (it gave up) or close() closes this one.
            while (in.read() >= 0) {
                // A client does not send while it waits for an answer; whatever comes is dropped.
            }
            return false;
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        String encoding = null;
        String accept = r.header("accept-encoding");
        if (gzipAnswers && accept != null && accept.contains("gzip") && body.length > 0) {
            body = gzip(body);
            encoding = "gzip";
        }
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(a.status())
                .append(' ')
                .append(a.status() < 400 ? "OK" : "Error")
                .append("\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: ")
                .append(body.length)
                .append("\r\n");
        if (encoding != null) {
            head.append("Content-Encoding: ").append(encoding).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        boolean half = a.fault() == Fault.HALF_WRITTEN;
        if (!r.method().equals("HEAD")) {
            out.write(body, 0, half ? body.length / 2 : body.length);
        }
        out.flush();
        return !half && !"close".equalsIgnoreCase(r.header("connection"));
    }

    /** Reads one request; null at the end of the stream. */
    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.merge(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim(),
                    (x, y) -> x + "," + y);
        }
        byte[] raw;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    line(in);
                    break;
                }
                b.write(in.readNBytes(size));
                line(in);
            }
            raw = b.toByteArray();
        } else {
            raw = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        byte[] body = raw;
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                body = gz.readAllBytes();
            }
        }
        String[] parts = requestLine.split(" ");
        String target = parts[1];
        int q = target.indexOf('?');
        return new Request(
                parts[0],
                q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1),
                Map.copyOf(headers),
                raw,
                body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    // ---- bulk answers ----

    /** Decides the answer for one bulk item. */
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

        /** An error status with the type a node gives it ({@link #typeOf}) and a reason that says it was injected. */
        public static ItemAnswer of(int status) {
            return status < 300 ? created() : new ItemAnswer(status, typeOf(status), "injected " + status);
        }
    }

    /** The error type a node gives an item status: 429 rejected execution, 400 mapper parsing, 409 version conflict. */
    public static String typeOf(int status) {
        return switch (status) {
            case 429 -> "es_rejected_execution_exception";
            case 400 -> "mapper_parsing_exception";
            case 409 -> "version_conflict_engine_exception";
            default -> "unavailable_shards_exception";
        };
    }

    /**
     * A handler that answers bulk requests item by item, as the policy says, and 404 anything else. It keeps nothing:
     * an item created is answered as the policy says when it comes again.
     */
    public static Handler bulk(ItemPolicy policy) {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        return request -> {
            if (!request.isBulk()) {
                return new Answer(404, "{}");
            }
            List<ItemAnswer> answers = new ArrayList<>();
            List<String> ids = request.bulkIds();
            for (String id : ids) {
                answers.add(policy.answer(id, seen.merge(String.valueOf(id), 1, Integer::sum) - 1));
            }
            return new Answer(200, bulkResponse(ids, answers));
        };
    }

    /** The answer of a node to a bulk request of {@code create} actions, one item per id. */
    public static String bulkResponse(List<String> ids, List<ItemAnswer> answers) {
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        for (int k = 0; k < ids.size(); k++) {
            ItemAnswer a = answers.get(k);
            if (k > 0) {
                items.append(',');
            }
            items.append("{\"create\":{\"_index\":\".ds-calllog-000001\",\"_id\":\"")
                    .append(ids.get(k))
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
        return "{\"took\":3,\"errors\":" + errors + ",\"items\":[" + items + "]}";
    }

    /** The {@code _id} of a bulk action line, or null. */
    public static String idOf(String actionLine) {
        int i = actionLine.indexOf("\"_id\":\"");
        if (i < 0) {
            return null;
        }
        int start = i + 7;
        return actionLine.substring(start, actionLine.indexOf('"', start));
    }
}
