package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.json.JsonReader.MalformedJsonException;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends items of a {@link Batch} to {@code POST /<dataStream>/_bulk} and reads what the cluster said about each one.
 * One call is one request, or several: when the cluster answers 413 (the request is too large), the items are split in
 * halves, each sent on its own, down to a single item, whose 413 is its own answer; and after a request got no answer
 * within the request timeout, the items go in requests of the {@link RequestSize} (the items after a request that got
 * no answer are not sent: they share its failure). It decides nothing: what each answer means is the {@link
 * RetryPolicy}'s business.
 *
 * <p>Used by the export thread only; reuses its buffers and its {@link Answer}.
 */
final class BulkExporter {
    /** An item's status when its request got no usable answer. */
    static final int NO_ANSWER = 0;

    /**
     * Cuts the bulk answer down to what {@link BulkResponseParser} reads: every item's status (positions stay), and the
     * error of the failed ones. The full answer repeats the index, id, version, shards, seq_no and term of every item,
     * about 190 bytes each against 25, which the node serialises and the shipper reads for nothing. Error answers to the
     * whole request are not filtered.
     */
    static final String RESPONSE_FILTER = "?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

    private final BulkTransport transport;
    private final OutcomeRecorder recorder;
    private final PipelineClock clock;
    private final String bulkPath;
    private final String requestPath;
    private final Map<String, String> headers;
    private final GzipCompressor gzip;
    private final BulkResponseParser parser = new BulkResponseParser();
    private final ByteBuf subset = new ByteBuf(16 * 1024);
    private final ByteBuf compressed = new ByteBuf(16 * 1024);
    private final Answer answer = new Answer();
    private final RequestSize size = new RequestSize();
    private final long requestTimeoutMillis;

    BulkExporter(
            BulkTransport transport,
            String dataStream,
            boolean gzip,
            long requestTimeoutMillis,
            OutcomeRecorder recorder,
            PipelineClock clock) {
        this.transport = transport;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.recorder = recorder;
        this.clock = clock;
        this.bulkPath = "/" + dataStream + "/_bulk";
        this.requestPath = bulkPath + RESPONSE_FILTER;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-ndjson");
        if (gzip) {
            h.put("Content-Encoding", "gzip");
            h.put("Accept-Encoding", "gzip");
        }
        this.headers = Map.copyOf(h);
        this.gzip = gzip ? new GzipCompressor() : null;
    }

    /**
     * Sends the items {@code idx[0, n)} of {@code batch} (ascending indices) and returns each one's answer, in the
     * same order. The answer is reused by the next call.
     */
    Answer export(Batch batch, int[] idx, int n) {
        answer.reset(n);
        for (int from = 0; from < n; ) {
            int to = from + Math.min(size.items(), n - from);
            if (!send(batch, idx, from, to)) {
                answer.noAnswer(to, n, answer.problem(), answer.requestStatus(), -1);
                break;
            }
            from = to;
        }
        return answer;
    }

    /** Sends the items {@code idx[from, to)}; returns false when the request failed as a whole. */
    private boolean send(Batch batch, int[] idx, int from, int to) {
        int n = to - from;
        HttpResult result = null;
        String problem = null;
        long sentAt = clock.nanoTime();
        try {
            ByteBuf body = body(batch, idx, from, to);
            result = transport
                    .start("POST", requestPath, body.array(), 0, body.length(), headers)
                    .await();
        } catch (IOException | RuntimeException e) {
            problem = "the request failed: " + OutcomeRecorder.brief(e);
            if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
                recorder.requestTimedOut(n, size.timedOut(n), requestTimeoutMillis);
            }
        }
        Thread.interrupted(); // an interrupt from stop() has done its job once the request is over
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - sentAt);

        if (result != null && result.status() == 413) {
            recorder.request(latencyMillis, true);
            if (n == 1) {
                answer.item(from, 413, "document_too_large", "document too large");
                return true;
            }
            // Too big for the node: split, and let each half go its own way.
            int half = from + n / 2;
            boolean first = send(batch, idx, from, half);
            return send(batch, idx, half, to) && first;
        }
        if (result != null && result.isSuccess()) {
            problem = parse(result.body(), n);
            if (problem == null) {
                recorder.request(latencyMillis, false);
                size.answered(n);
                for (int k = 0; k < n; k++) {
                    answer.item(from + k, parser.status(k), parser.errorType(k), parser.errorReason(k));
                }
                return true;
            }
        } else if (result != null) {
            problem = "OpenSearch answered " + result.status() + " to POST " + bulkPath + ": "
                    + result.errorText(OutcomeRecorder.QUOTE_CHARS);
        }
        recorder.request(latencyMillis, true);
        answer.noAnswer(
                from,
                to,
                problem,
                result == null ? -1 : result.status(),
                result == null ? -1 : result.retryAfterMillis());
        return false;
    }

    /** The body holding the items {@code idx[from, to)}: the batch's own (and its gzip made ahead) when it is all. */
    private ByteBuf body(Batch batch, int[] idx, int from, int to) {
        boolean whole = from == 0 && to == batch.items();
        if (whole && gzip != null && batch.compressedWhole() != null) {
            return batch.compressedWhole();
        }
        ByteBuf plain;
        if (whole) {
            plain = batch.body();
        } else {
            subset.reset();
            batch.writeItems(idx, from, to, subset);
            plain = subset;
        }
        if (gzip == null) {
            return plain;
        }
        gzip.compress(plain.array(), 0, plain.length(), compressed);
        return compressed;
    }

    /** Parses a 2xx answer; returns what is wrong with it, or null. */
    private String parse(byte[] body, int n) {
        try {
            parser.parse(body);
        } catch (MalformedJsonException e) {
            return "malformed bulk response (" + e.getMessage() + ")";
        }
        if (parser.count() != n) {
            return "the bulk response has " + parser.count() + " items for " + n + " sent";
        }
        return null;
    }

    /** Frees the compressor's native memory. */
    void close() {
        if (gzip != null) {
            gzip.close();
        }
    }

    /**
     * What the cluster said about each item of one {@link #export} call: a status per item ({@link #NO_ANSWER} when
     * its request failed as a whole), with the error's type and reason; for the items without an answer, what went
     * wrong, the request's status (-1: none came) and the {@code Retry-After} it asked for.
     */
    static final class Answer {
        private int n;
        private int[] status = new int[256];
        private String[] type = new String[256];
        private String[] reason = new String[256];
        private int unanswered;
        private String problem;
        private int requestStatus;
        private long retryAfterMillis;

        void reset(int n) {
            this.n = n;
            if (status.length < n) {
                status = new int[n];
                type = new String[n];
                reason = new String[n];
            }
            unanswered = 0;
            problem = null;
            requestStatus = -1;
            retryAfterMillis = -1;
        }

        void item(int k, int status, String type, String reason) {
            this.status[k] = status;
            this.type[k] = type;
            this.reason[k] = reason;
        }

        void noAnswer(int from, int to, String problem, int requestStatus, long retryAfterMillis) {
            for (int k = from; k < to; k++) {
                item(k, NO_ANSWER, null, null);
            }
            unanswered += to - from;
            this.problem = problem;
            this.requestStatus = requestStatus;
            this.retryAfterMillis = Math.max(this.retryAfterMillis, retryAfterMillis);
        }

        int size() {
            return n;
        }

        int status(int k) {
            return status[k];
        }

        String type(int k) {
            return type[k];
        }

        String reason(int k) {
            return reason[k];
        }

        /** Items whose request failed as a whole. */
        int unanswered() {
            return unanswered;
        }

        /** Why those items got no answer, for messages. */
        String problem() {
            return problem;
        }

        /** The status of the failed request, or -1 when no answer came at all. */
        int requestStatus() {
            return requestStatus;
        }

        long retryAfterMillis() {
            return retryAfterMillis;
        }
    }
}
