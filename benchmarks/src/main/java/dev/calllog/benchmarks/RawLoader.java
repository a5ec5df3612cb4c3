package dev.calllog.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The baseline: sends pre-built {@code _bulk} bodies over one keep-alive HTTP/1.1 connection, one request at a time,
 * as fast as the server answers, with no per-request work beyond writing the bytes and reading the answer. Whatever
 * it reaches is the physical limit of the server (and the loopback) for that body.
 */
public final class RawLoader implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final StringBuilder line = new StringBuilder(256);
    private byte[] response = new byte[1 << 20];
    private int responseLength;

    public RawLoader(String url) throws IOException {
        URI uri = URI.create(url);
        this.host = uri.getHost() + ":" + uri.getPort();
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** A pre-built request: its head and body, ready to write. */
    public record Prepared(byte[] head, byte[] body, int documents) {}

    /** Builds the request for {@code body} (NDJSON, or its gzip when {@code gzip}). */
    public Prepared prepare(String path, byte[] body, boolean gzip, int documents) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/x-ndjson\r\n"
                + (gzip ? "Content-Encoding: gzip\r\n" : "")
                + "Content-Length: " + body.length + "\r\n\r\n";
        return new Prepared(head.getBytes(StandardCharsets.US_ASCII), body, documents);
    }

    /**
     * Sends {@code requests} in turn, cycling through {@code bodies}; returns the documents sent.
     *
     * @throws IOException when a request fails or is answered with anything but 200 and {@code "errors":false}
     */
    public long send(List<Prepared> bodies, int requests) throws IOException {
        long documents = 0;
        for (int i = 0; i < requests; i++) {
            Prepared p = bodies.get(i % bodies.size());
            out.write(p.head);
            out.write(p.body);
            out.flush();
            int status = readResponse();
            if (status != 200 || !responseSaysNoErrors()) {
                throw new IOException("bulk request answered " + status + ": "
                        + new String(response, 0, Math.min(responseLength, 500), StandardCharsets.UTF_8));
            }
            documents += p.documents;
        }
        return documents;
    }

    /** Sends one arbitrary request and returns the answer's status and body (for setup calls). */
    public String call(String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        int status = readResponse();
        return status + " " + new String(response, 0, responseLength, StandardCharsets.UTF_8);
    }

    private boolean responseSaysNoErrors() {
        // OpenSearch writes "errors" before "items"; look at the first bytes only.
        String start = new String(response, 0, Math.min(responseLength, 64), StandardCharsets.US_ASCII);
        return start.contains("\"errors\":false");
    }

    private int readResponse() throws IOException {
        String status = readLine();
        int code = Integer.parseInt(status.split(" ")[1]);
        long contentLength = -1;
        boolean chunked = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            }
        }
        responseLength = 0;
        if (chunked) {
            while (true) {
                int size = Integer.parseInt(readLine().trim(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                readBody(size);
                readLine();
            }
        } else if (contentLength > 0) {
            readBody((int) contentLength);
        }
        return code;
    }

    private void readBody(int n) throws IOException {
        if (responseLength + n > response.length) {
            response = java.util.Arrays.copyOf(response, Math.max(responseLength + n, response.length * 2));
        }
        int end = responseLength + n;
        while (responseLength < end) {
            int k = in.read(response, responseLength, end - responseLength);
            if (k < 0) {
                throw new EOFException("response cut short");
            }
            responseLength += k;
        }
    }

    private String readLine() throws IOException {
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
        throw new EOFException("connection closed");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
