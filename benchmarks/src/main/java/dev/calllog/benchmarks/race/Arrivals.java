package dev.calllog.benchmarks.race;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of a contender's documents have arrived: asked of the {@link RaceSink} ({@code /_sink/stats}), or of a real
 * node (the index's {@code indexing.index_total}, which needs no refresh). Looked at every few milliseconds by the
 * driver, on one thread, with the JDK's HTTP client (not any contender's).
 */
final class Arrivals {
    private static final Pattern DOCUMENTS = Pattern.compile("\"documents\":(\\d+)");
    private static final Pattern LAST = Pattern.compile("\"last_micros\":(\\d+)");
    private static final Pattern INDEX_TOTAL = Pattern.compile("\"index_total\":(\\d+)");

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String index;
    private final boolean sink;

    Arrivals(String url, String index, boolean sink) {
        this.url = url;
        this.index = index;
        this.sink = sink;
    }

    /** A count, and when the last counted document arrived (epoch µs; for a node, when this look saw it). */
    record Count(long documents, long lastMicros) {}

    Count now() throws IOException, InterruptedException {
        if (sink) {
            String body = get(url + "/_sink/stats?index=" + index);
            return new Count(number(DOCUMENTS, body), number(LAST, body));
        }
        String body = get(url + "/" + index + "/_stats/indexing?filter_path=_all.primaries.indexing.index_total");
        return new Count(body == null ? 0 : number(INDEX_TOTAL, body), RaceSink.epochMicros());
    }

    private String get(String u) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(u))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return null; // the index does not exist yet
        }
        if (r.statusCode() != 200) {
            throw new IOException(u + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static long number(Pattern p, String body) {
        if (body == null) {
            return 0;
        }
        Matcher m = p.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Waits until {@code target} documents have arrived, or until none has arrived for {@code stallMillis} (then some
     * were lost), looking every {@code pollMillis}.
     */
    Count await(long target, long stallMillis, long pollMillis) throws IOException, InterruptedException {
        Count c = now();
        long lastProgress = System.nanoTime();
        long seen = c.documents();
        while (c.documents() < target) {
            Thread.sleep(pollMillis);
            c = now();
            if (c.documents() != seen) {
                seen = c.documents();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallMillis * 1_000_000L) {
                return c;
            }
        }
        return c;
    }
}
