package dev.calllog.core.internal.mapping;

import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.json.JsonFragment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One accepted call-log event, snapshotted on the logging thread: immutable, and holding nothing the application can
 * still change. {@link DocumentWriter} turns it into its {@code _bulk} lines on the shipping thread.
 *
 * <p>The message and the error message are kept as logged (only cut to a bounded length); they are redacted when the
 * document is written.
 */
public final class CallLogRecord implements CapturedEvent {
    private final long epochSecond;
    private final int nanoOfSecond;
    private final long seq;
    private final String callId;
    private final String agentId;
    private final String accountId;
    private final String traceId;
    private final String spanId;
    private final String traceFlags;
    private final String turnId;
    private final Level level;
    private final EventDefinition event;
    private final String message;
    private final boolean messageTruncated;
    // data: keys (String) and values in document order, interleaved (key i at 2i, its value at 2i+1); values are
    // String, Boolean, Long, Integer, Short, Byte, Double and Float (finite), BigDecimal, BigInteger, JsonFragment or
    // null. One array rather than two: one object less per event.
    private final Object[] data;
    private final String errorType;
    private final String errorMessage;
    /**
     * 0 until set or first asked for. A record is estimated by the thread that hands it to the buffer, before handing
     * it over (the mapper sets it, see {@link RunEstimate}); one mapped on the shipping thread (a deferred event's) is
     * never asked, and so never estimated.
     */
    private int estimatedBytes;

    CallLogRecord(
            long epochSecond,
            int nanoOfSecond,
            long seq,
            String callId,
            String agentId,
            String accountId,
            String traceId,
            String spanId,
            String traceFlags,
            String turnId,
            Level level,
            EventDefinition event,
            String message,
            boolean messageTruncated,
            Object[] data,
            String errorType,
            String errorMessage) {
        this.epochSecond = epochSecond;
        this.nanoOfSecond = nanoOfSecond;
        this.seq = seq;
        this.callId = callId;
        this.agentId = agentId;
        this.accountId = accountId;
        this.traceId = traceId;
        this.spanId = spanId;
        this.traceFlags = traceFlags;
        this.turnId = turnId;
        this.level = level;
        this.event = event;
        this.message = message;
        this.messageTruncated = messageTruncated;
        this.data = data;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    /** Seconds since the epoch. */
    public long epochSecond() {
        return epochSecond;
    }

    /** Nanoseconds within {@link #epochSecond()}. */
    public int nanoOfSecond() {
        return nanoOfSecond;
    }

    /** The JVM-wide sequence number (see {@link EventIds}). */
    public long seq() {
        return seq;
    }

    /** The event id, also the document's {@code _id}. */
    public String eventId() {
        return EventIds.eventId(seq);
    }

    public String callId() {
        return callId;
    }

    /** The agent id, or {@code null} when the context had none. */
    public String agentId() {
        return agentId;
    }

    /** The account id, or {@code null}. */
    public String accountId() {
        return accountId;
    }

    /** The trace id, or {@code null}. */
    public String traceId() {
        return traceId;
    }

    /** The id of the span the event was logged in, or {@code null}. */
    public String spanId() {
        return spanId;
    }

    /** The trace flags of the span the event was logged in ({@code 01}: sampled), or {@code null}. */
    public String traceFlags() {
        return traceFlags;
    }

    /** The conversation turn id, or {@code null}. */
    public String turnId() {
        return turnId;
    }

    /** The level shipped, after the event's floor and the {@code CRITICAL} marker. */
    public Level level() {
        return level;
    }

    /** The catalogue event. */
    public EventDefinition event() {
        return event;
    }

    /**
     * The message as logged, not yet redacted, or {@code null}; when {@link #messageTruncated()} it is the beginning
     * of the message, a little longer than the limit so that redaction sees whole words at the cut.
     */
    public String message() {
        return message;
    }

    /** Whether the message was longer than {@code maxMessageChars}. */
    public boolean messageTruncated() {
        return messageTruncated;
    }

    /**
     * The {@code data} entries other than {@code error}, in document order. Values are {@link String},
     * {@link Boolean}, JDK numbers, {@link JsonFragment} (maps, lists, arrays) or {@code null}.
     */
    public Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < data.length; i += 2) {
            m.put((String) data[i], data[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    int dataSize() {
        return data.length >> 1;
    }

    String dataKey(int i) {
        return (String) data[2 * i];
    }

    Object dataValue(int i) {
        return data[2 * i + 1];
    }

    /** The simple class name of the error, or {@code null} when the event carries no throwable. */
    public String errorType() {
        return errorType;
    }

    /** The error's message as thrown, not yet redacted, or {@code null}. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The heap this record keeps alive, as {@link SizeEstimator} counts it; computed once, when first asked for. */
    @Override
    public int estimatedBytes() {
        int n = estimatedBytes;
        if (n == 0) {
            n = (int) Math.min(Integer.MAX_VALUE, SizeEstimator.record(this, data));
            estimatedBytes = n;
        }
        return n;
    }

    /** Sets the estimate, before the record is handed to another thread. */
    void estimated(long bytes) {
        estimatedBytes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes));
    }

    /** The entries of {@code data} as kept (see the field), for the estimate. */
    Object[] entries() {
        return data;
    }

    @Override
    public String toString() {
        return "CallLogRecord[" + eventId() + ' ' + event.code() + ' ' + level + ']';
    }
}
