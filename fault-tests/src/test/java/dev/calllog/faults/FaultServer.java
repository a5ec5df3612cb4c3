package dev.calllog.faults;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An HTTP/1.1 server on a raw socket that plays an OpenSearch node and injects the faults a real node cannot produce on
 * demand: whole-request statuses, per-item statuses, slow answers, connection resets and half-written answers.
 *
 * <p>It keeps an index of the {@code _id}s it accepted, as a node would: an item is indexed (201) once and answered 409
 * {@code version_conflict_engine_exception} when sent again. A {@link Script} decides, for each bulk request (numbered
 * from 0), what happens to it.
 */
final class FaultServer implements AutoCloseable {
    /** What happens to one bulk request. */
    sealed interface Action {}

    /** Index the items, answering each with the item policy's status. */
    record Items(ItemPolicy policy) implements Action {}

    /** Answer the whole request with this status and body, indexing nothing. */
    record Whole(int status, String body) implements Action {}

    /** Index the items, then wait this long before answering (a client with a shorter timeout gives up). */
    record Slow(long millis) implements Action {}

    /** Reset the connection (TCP RST) without answering or indexing. */
    record Reset() implements Action {}

    /** Index the items, then send the status line, the headers and half of the body, and close the connection. */
    record HalfWritten() implements Action {}

    /** Decides the status of one item that is not indexed yet. */
    @FunctionalInterface
    interface ItemPolicy {
        /** A status: 201 to index it, or an error status (429, 400, 503...). */
        int status(String id, int attempt);
    }

    /** Decides the action for bulk request number {@code n} (from 0) carrying {@code ids}. */
    @FunctionalInterface
    interface Script {
        Action action(int n, List<String> ids);
    }

    static final ItemPolicy ALL_CREATED = (id, attempt) -> 201;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger bulkRequests = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile Script script = (n, ids) -> new Items(ALL_CREATED);
    private volatile boolean closed;

    FaultServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fault-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void script(Script script) {
        this.script = script;
    }

    /** The ids indexed, each once. */
    Set<String> indexed() {
        return indexed;
    }

    int bulkRequests() {
        return bulkRequests.get();
    }

    /** One line per bulk request: its number, item count and what was done. */
    List<String> log() {
        return List.copyOf(log);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "fault-server-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request r = read(in);
                if (r == null) {
                    return;
                }
                if (!handle(r, socket, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away, or this side reset the connection.
        } finally {
            sockets.remove(socket);
        }
    }

    /** Answers one request; returns whether the connection stays open. */
    private boolean handle(Request r, Socket socket, OutputStream out) throws IOException {
        int query = r.path.indexOf('?');
        String path = query < 0 ? r.path : r.path.substring(0, query); // the shipper adds ?filter_path=...
        if (!path.endsWith("/_bulk")) {
            // Template installation and the like: 200 with an empty object; tests turn installation off anyway.
            write(out, 200, "{}");
            return true;
        }
        List<String> ids = r.ids();
        int n = bulkRequests.getAndIncrement();
        Action action = script.action(n, ids);
        log.add(n + " items=" + ids.size() + " " + action.getClass().getSimpleName());
        if (action instanceof Whole w) {
            write(out, w.status(), w.body());
            return true;
        }
        if (action instanceof Reset) {
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        }
        ItemPolicy policy = action instanceof Items items ? items.policy() : ALL_CREATED;
        String body = index(ids, policy);
        if (action instanceof Slow slow) {
            try {
                Thread.sleep(slow.millis());
            } catch (InterruptedException e) {
                return false;
            }
            write(out, 200, body);
            return true;
        }
        if (action instanceof HalfWritten) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, 0, b.length / 2);
            out.flush();
            socket.close();
            return false;
        }
        write(out, 200, body);
        return true;
    }

    /** Indexes the items as a node would and returns the bulk response. */
    private String index(List<String> ids, ItemPolicy policy) {
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        for (String id : ids) {
            int attempt = attempts.merge(id, 1, Integer::sum) - 1;
            int status;
            String type = null;
            if (indexed.contains(id)) {
                status = 409;
                type = "version_conflict_engine_exception";
            } else {
                status = policy.status(id, attempt);
                if (status == 201) {
                    indexed.add(id);
                } else {
                    type = switch (status) {
                        case 429 -> "es_rejected_execution_exception";
                        case 400 -> "mapper_parsing_exception";
                        default -> "unavailable_shards_exception";
                    };
                }
            }
            if (items.length() > 0) {
                items.append(',');
            }
            items.append("{\"create\":{\"_index\":\".ds-calllog-000001\",\"_id\":\"")
                    .append(id)
                    .append("\",\"status\":")
                    .append(status);
            if (type != null) {
                errors = true;
                items.append(",\"error\":{\"type\":\"")
                        .append(type)
                        .append("\",\"reason\":\"injected ")
                        .append(status)
                        .append("\"}");
            }
            items.append("}}");
        }
        return "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + items + "]}";
    }

    private static void write(OutputStream out, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
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
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        byte[] body;
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
            body = b.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = gz.readAllBytes();
            }
        }
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts[1], body);
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

    private record Request(String method, String path, byte[] body) {
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i += 2) {
                int at = lines[i].indexOf("\"_id\":\"");
                if (at >= 0) {
                    ids.add(lines[i].substring(at + 7, lines[i].indexOf('"', at + 7)));
                }
            }
            return ids;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (SocketException ignored) {
                // Closing anyway.
            }
        }
    }
}
