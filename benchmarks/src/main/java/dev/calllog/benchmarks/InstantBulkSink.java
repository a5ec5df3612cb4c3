package dev.calllog.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An in-process HTTP/1.1 server that plays an OpenSearch node which indexes instantly: it reads each request's whole
 * body (gunzipping it when it says {@code Content-Encoding: gzip}), counts the bulk items (two lines each) and answers
 * {@code 200} with a valid bulk response holding one {@code 201} item per document. Any other request is answered
 * {@code 200 {}}.
 *
 * <p>Built on plain blocking sockets, one thread per connection, reusing its buffers, so that it costs as little as
 * possible: its own CPU time is counted ({@link #cpuNanos()}) and its ceiling can be measured with {@link RawLoader}.
 */
public final class InstantBulkSink implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ServerSocket server;
    private final Thread acceptor;
    private final boolean keepIds;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<Integer, byte[]> responses = new ConcurrentHashMap<>();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong wireBytes = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicLong gzipRequests = new AtomicLong();
    private volatile long lastRequestNanos;
    private volatile boolean closed;

    private InstantBulkSink(boolean keepIds) throws IOException {
        this.keepIds = keepIds;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "instant-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a sink on a free loopback port. */
    public static InstantBulkSink start() throws IOException {
        return new InstantBulkSink(false);
    }

    /** Starts a sink that also keeps every bulk item's {@code _id} (for tests; costs time and memory). */
    public static InstantBulkSink startKeepingIds() throws IOException {
        return new InstantBulkSink(true);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Bulk items received. */
    public long documents() {
        return documents.get();
    }

    /** Bulk requests received. */
    public long requests() {
        return requests.get();
    }

    /** Bulk request bodies' bytes as sent (gzipped or not). */
    public long wireBytes() {
        return wireBytes.get();
    }

    /** Bulk request bodies' bytes after gunzip. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    /** Bulk requests that came gzipped. */
    public long gzipRequests() {
        return gzipRequests.get();
    }

    /** {@link System#nanoTime()} when the last bulk request had been read completely. */
    public long lastRequestNanos() {
        return lastRequestNanos;
    }

    /** The distinct {@code _id}s received, when started with {@link #startKeepingIds()}. */
    public Set<String> ids() {
        return ids;
    }

    /** CPU time the sink's connection threads have used so far. */
    public long cpuNanos() {
        long sum = 0;
        for (Connection c : connections) {
            sum += c.cpuNanos;
        }
        return sum;
    }

    /** Forgets the counters (between runs on the same sink). */
    public void reset() {
        documents.set(0);
        requests.set(0);
        wireBytes.set(0);
        bodyBytes.set(0);
        gzipRequests.set(0);
        ids.clear();
    }

    /** Waits until at least {@code n} documents arrived; returns whether they did within the timeout. */
    public boolean awaitDocuments(long n, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (documents.get() < n) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Connection c : connections) {
            c.close();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Connection c = new Connection(s);
                connections.add(c);
                Thread t = new Thread(c, "instant-sink-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("instant sink: accept failed: " + e);
                }
            }
        }
    }

    private byte[] bulkResponse(int items) {
        return responses.computeIfAbsent(items, n -> {
            StringBuilder sb = new StringBuilder(32 + n * 28).append("{\"took\":0,\"errors\":false,\"items\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append("{\"create\":{\"status\":201}}");
            }
            return sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        });
    }

    private final class Connection implements Runnable {
        private final Socket socket;
        private final Inflater inflater = new Inflater(true);
        private byte[] body = new byte[1 << 20];
        private byte[] plain = new byte[1 << 22];
        private final StringBuilder line = new StringBuilder(256);
        volatile long cpuNanos;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void run() {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                while (serve(in, out)) {
                    cpuNanos = THREADS.getCurrentThreadCpuTime();
                }
            } catch (EOFException | SocketException e) {
                // the client closed the connection
            } catch (IOException | RuntimeException | DataFormatException e) {
                if (!closed) {
                    System.err.println("instant sink: " + e);
                }
            } finally {
                cpuNanos = THREADS.getCurrentThreadCpuTime();
                inflater.end();
            }
        }

        /** Serves one request; returns false at the end of the stream. */
        private boolean serve(InputStream in, OutputStream out) throws IOException, DataFormatException {
            String requestLine = readLine(in);
            if (requestLine == null) {
                return false;
            }
            long contentLength = 0;
            boolean chunked = false;
            boolean gzip = false;
            boolean expectContinue = false;
            boolean close = false;
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "content-encoding" -> gzip = value.equalsIgnoreCase("gzip");
                    case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {}
                }
            }
            if (expectContinue) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            int length = chunked ? readChunked(in) : readFixed(in, (int) contentLength);
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String path = parts.length > 1 ? parts[1] : "/";
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            byte[] answer;
            if (method.equals("POST") && path.endsWith("/_bulk")) {
                int items = countItems(length, gzip);
                answer = bulkResponse(items);
            } else {
                answer = "{}".getBytes(StandardCharsets.US_ASCII);
            }
            String head = "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: "
                    + (method.equals("HEAD") ? 0 : answer.length) + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (!method.equals("HEAD")) {
                out.write(answer);
            }
            out.flush();
            return !close;
        }

        private int countItems(int length, boolean gzip) throws DataFormatException {
            byte[] text = body;
            int textLength = length;
            if (gzip) {
                textLength = gunzip(length);
                text = plain;
                gzipRequests.incrementAndGet();
            }
            int lines = 0;
            for (int i = 0; i < textLength; i++) {
                if (text[i] == '\n') {
                    lines++;
                }
            }
            if (keepIds) {
                keepIds(text, textLength);
            }
            int items = lines / 2;
            wireBytes.addAndGet(length);
            bodyBytes.addAndGet(textLength);
            requests.incrementAndGet();
            lastRequestNanos = System.nanoTime();
            documents.addAndGet(items); // last: a reader that sees the documents sees the rest
            return items;
        }

        /** Gunzips {@code body[0, length)} into {@link #plain}; returns the length. Skips the 10-byte header. */
        private int gunzip(int length) throws DataFormatException {
            int headerEnd = 10;
            int flags = body[3] & 0xff;
            if ((flags & 0x04) != 0) { // FEXTRA
                headerEnd += 2 + ((body[headerEnd] & 0xff) | (body[headerEnd + 1] & 0xff) << 8);
            }
            if ((flags & 0x08) != 0) { // FNAME
                while (body[headerEnd++] != 0) {}
            }
            if ((flags & 0x10) != 0) { // FCOMMENT
                while (body[headerEnd++] != 0) {}
            }
            if ((flags & 0x02) != 0) { // FHCRC
                headerEnd += 2;
            }
            inflater.reset();
            inflater.setInput(body, headerEnd, length - headerEnd);
            int n = 0;
            while (!inflater.finished()) {
                if (n == plain.length) {
                    plain = java.util.Arrays.copyOf(plain, plain.length * 2);
                }
                int k = inflater.inflate(plain, n, plain.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated gzip body");
                }
                n += k;
            }
            return n;
        }

        private void keepIds(byte[] text, int length) {
            String s = new String(text, 0, length, StandardCharsets.UTF_8);
            String marker = "\"_id\":\"";
            int lineStart = 0;
            boolean action = true;
            while (lineStart < s.length()) {
                int nl = s.indexOf('\n', lineStart);
                if (nl < 0) {
                    nl = s.length();
                }
                if (action) {
                    int i = s.indexOf(marker, lineStart);
                    if (i >= 0 && i < nl) {
                        int from = i + marker.length();
                        ids.add(s.substring(from, s.indexOf('"', from)));
                    }
                }
                action = !action;
                lineStart = nl + 1;
            }
        }

        private int readFixed(InputStream in, int length) throws IOException {
            ensureBody(length);
            int n = 0;
            while (n < length) {
                int k = in.read(body, n, length - n);
                if (k < 0) {
                    throw new EOFException("body cut short");
                }
                n += k;
            }
            return length;
        }

        private int readChunked(InputStream in) throws IOException {
            int n = 0;
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new EOFException("chunked body cut short");
                }
                int semi = size.indexOf(';');
                int chunk = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunk == 0) {
                    for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
                        // trailers: ignored
                    }
                    return n;
                }
                ensureBody(n + chunk);
                int read = 0;
                while (read < chunk) {
                    int k = in.read(body, n + read, chunk - read);
                    if (k < 0) {
                        throw new EOFException("chunk cut short");
                    }
                    read += k;
                }
                n += chunk;
                readLine(in); // the CRLF after the chunk
            }
        }

        private void ensureBody(int n) {
            if (n > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(n, body.length * 2));
            }
        }

        /** A header line without its CRLF, or null at the end of the stream before any byte. */
        private String readLine(InputStream in) throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            if (line.length() == 0) {
                return null;
            }
            throw new EOFException("line cut short");
        }
    }
}
