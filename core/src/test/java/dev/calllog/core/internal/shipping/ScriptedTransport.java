package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** A transport without a network: each bulk request is answered by a script, and kept (its body un-gzipped). */
final class ScriptedTransport implements BulkTransport {

    /** One request: its path and its NDJSON body. */
    record Request(String path, String body, boolean gzipped) {
        /** The {@code _id}s, in order. */
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            for (String line : body.split("\n")) {
                int i = line.indexOf("\"_id\":\"");
                if (line.startsWith("{\"create\"") && i >= 0) {
                    ids.add(line.substring(i + 7, line.indexOf('"', i + 7)));
                }
            }
            return ids;
        }
    }

    /** Decides an answer; throws for a request without one. */
    @FunctionalInterface
    interface Script {
        HttpResult answer(Request request) throws IOException;
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Script script;

    ScriptedTransport(Script script) {
        this.script = script;
    }

    void script(Script s) {
        this.script = s;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> headers)
            throws IOException {
        boolean gzipped = "gzip".equals(headers.get("Content-Encoding"));
        byte[] plain = java.util.Arrays.copyOfRange(body, off, off + len);
        if (gzipped) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(plain))) {
                plain = in.readAllBytes();
            }
        }
        Request r = new Request(path, new String(plain, StandardCharsets.UTF_8), gzipped);
        requests.add(r);
        return script.answer(r);
    }

    @Override
    public void close() {}

    /** A 200 answer with one item per id, each as {@code status} gives it ({@code "201"}, {@code "429 type"}...). */
    static HttpResult items(Request r, java.util.function.Function<String, String> status) {
        StringBuilder sb = new StringBuilder("{\"errors\":true,\"items\":[");
        List<String> ids = r.ids();
        for (int i = 0; i < ids.size(); i++) {
            String[] s = status.apply(ids.get(i)).split(" ", 2);
            sb.append(i == 0 ? "" : ",").append("{\"create\":{\"status\":").append(s[0]);
            if (s.length > 1) {
                sb.append(",\"error\":{\"type\":\"").append(s[1]).append("\",\"reason\":\"because\"}");
            }
            sb.append("}}");
        }
        return new HttpResult(200, sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    static HttpResult allCreated(Request r) {
        return items(r, id -> "201");
    }

    static HttpResult status(int status, String body) {
        return new HttpResult(status, body.getBytes(StandardCharsets.UTF_8));
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
