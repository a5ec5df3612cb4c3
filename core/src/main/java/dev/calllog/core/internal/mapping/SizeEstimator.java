package dev.calllog.core.internal.mapping;

import dev.calllog.core.internal.json.JsonFragment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The one estimate of the heap an event keeps alive while it waits in the buffer, in bytes: what {@code bufferBytes}
 * bounds. Every event handed to the buffer carries it ({@link CapturedEvent#estimatedBytes()}), computed once, on the
 * logging thread, from these rules.
 *
 * <p>It is an upper bound on a 64-bit JVM, with compressed references or without: text is counted at two bytes a
 * character (a string holding any character beyond Latin-1 takes two; a Latin-1 one takes one), a reference at eight,
 * every object with its header and padding. Strings shared with the application (an MDC value, a key) are counted as
 * if the event alone kept them alive.
 */
public final class SizeEstimator {
    /** One reference, uncompressed. */
    public static final int REFERENCE = 8;
    /** An object's header, padded. */
    public static final int OBJECT = 16;
    /** A boxed number, boolean or character. */
    public static final int BOXED = 24;
    /** The node that links an event into the buffer's queue. */
    public static final int QUEUE_NODE = 32;
    /** A {@link String} and its array's header, with padding, before the characters. */
    static final int STRING = 24 + 16 + 8;
    /** A {@code HashMap}: the map object and the entry set views it may create. */
    static final int MAP = 64;
    /** One {@code HashMap} node and its slot in the table (the table is at most four times its size). */
    static final int MAP_ENTRY = 48 + 4 * REFERENCE;
    /** A {@link CallLogRecord} itself, its fields included, and its queue node. */
    static final int RECORD = 112 + QUEUE_NODE;
    /** A {@link DeferredEvent} itself, and its queue node. */
    static final int DEFERRED = 48 + QUEUE_NODE;

    /**
     * Positions (ids, keys, values) whose strings a logging thread remembers, to count once what its consecutive
     * buffered events share (see {@link RunEstimate} and the Logback reader).
     */
    public static final int SHARED_SLOTS = 8;
    /** Longest string a logging thread remembers as shared: what is remembered per thread stays small. */
    public static final int MAX_SHARED_CHARS = 256;

    private SizeEstimator() {}

    /** {@code s} when short enough to be remembered as shared ({@link #MAX_SHARED_CHARS}), else null. */
    public static String shareable(String s) {
        return s != null && s.length() <= MAX_SHARED_CHARS ? s : null;
    }

    /** A string: 0 for null. */
    public static long string(String s) {
        return s == null ? 0 : chars(s.length());
    }

    /** A string of {@code n} characters. */
    public static long chars(long n) {
        return STRING + 2 * n;
    }

    /** An array of {@code n} references (its elements not included). */
    public static long array(int n) {
        return OBJECT + 8 + (long) REFERENCE * n;
    }

    /** A map of strings, copied (its entries and their keys and values included); 0 for null. */
    public static long map(Map<String, String> m) {
        if (m == null) {
            return 0;
        }
        long n = MAP + (long) MAP_ENTRY * m.size();
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += string(e.getKey()) + string(e.getValue());
        }
        return n;
    }

    /**
     * A value as a record keeps it in {@code data} or a framework event in its key-values or arguments: a string, a
     * boxed scalar, a big number, a {@link JsonFragment}. Anything else is counted as an object of unknown size: such
     * values are never kept by a buffered event (they are snapshotted into one of the above at once).
     */
    public static long value(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof JsonFragment f) {
            return OBJECT + OBJECT + 8 + f.length();
        }
        if (v instanceof BigDecimal d) {
            return 40 + bigInteger(d.unscaledValue());
        }
        if (v instanceof BigInteger i) {
            return bigInteger(i);
        }
        return BOXED;
    }

    private static long bigInteger(BigInteger i) {
        return 40 + OBJECT + 8 + 4L * (i.bitLength() / 32 + 1);
    }

    /** What a record keeps alive: itself, its texts and its data. */
    static long record(CallLogRecord r, Object[] data) {
        long n = RECORD
                + string(r.callId())
                + string(r.agentId())
                + string(r.accountId())
                + string(r.traceId())
                + string(r.spanId())
                + string(r.traceFlags())
                + string(r.turnId())
                + string(r.message())
                + string(r.errorType())
                + string(r.errorMessage());
        n += array(data.length);
        for (Object o : data) {
            n += value(o);
        }
        return n;
    }
}
