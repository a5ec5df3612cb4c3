package dev.calllog.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.calllog.core.internal.mapping.CallLogMapper;
import dev.calllog.core.internal.mapping.EventReader;
import dev.calllog.core.internal.mapping.LaterForm;
import dev.calllog.core.internal.mapping.SizeEstimator;
import dev.calllog.core.internal.mapping.SourceEvent.KeyValueVisitor;
import dev.calllog.core.internal.mapping.SourceLevel;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Reads Logback's {@link ILoggingEvent} for the core; reading an event allocates nothing.
 *
 * <p>Logback never reuses its events and captures their formatted message and MDC, so an event whose key-values are
 * all immutable values can be mapped after the append returned, on the shipping thread: what the buffer keeps of it
 * is a {@link LogbackLater} ({@link #later}), that is its timestamp, message, MDC map and key-values, not the whole
 * event. That takes most of the mapping off the caller's thread.
 *
 * <p>Each appender has a reader of its own ({@link #INSTANCE} serves the NDJSON encoder, which maps at once): it
 * remembers, per logging thread, the MDC map it last counted, so that the events logged between two changes of a
 * thread's MDC, which share Logback's one read-only copy of it, count it once.
 */
final class LogbackEventReader implements EventReader<ILoggingEvent> {
    static final LogbackEventReader INSTANCE = new LogbackEventReader();

    /** An {@code ArrayList} object, without its array. */
    private static final long LIST = 24;

    /** Per logging thread: the last MDC map counted. */
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    /** Marker references deeper than this are not followed (protects against cyclic marker graphs). */
    private static final int MAX_MARKER_DEPTH = 8;

    LogbackEventReader() {}

    @Override
    public SourceLevel level(ILoggingEvent event) {
        Level level = event.getLevel();
        switch (level.toInt()) {
            case Level.ERROR_INT:
                return SourceLevel.ERROR;
            case Level.WARN_INT:
                return SourceLevel.WARN;
            case Level.INFO_INT:
                return SourceLevel.INFO;
            case Level.DEBUG_INT:
                return SourceLevel.DEBUG;
            default:
                return SourceLevel.TRACE;
        }
    }

    @Override
    public <T> T findMarker(ILoggingEvent event, Function<String, T> lookup) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return null;
        }
        for (int i = 0, n = markers.size(); i < n; i++) {
            T found = find(markers.get(i), lookup, 0);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static <T> T find(Marker marker, Function<String, T> lookup, int depth) {
        if (marker == null) {
            return null;
        }
        T found = lookup.apply(marker.getName());
        if (found != null) {
            return found;
        }
        if (depth < MAX_MARKER_DEPTH && marker.hasReferences()) {
            for (Iterator<Marker> it = marker.iterator(); it.hasNext(); ) {
                found = find(it.next(), lookup, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public long epochSecond(ILoggingEvent event) {
        Instant instant = event.getInstant();
        return instant != null ? instant.getEpochSecond() : Math.floorDiv(event.getTimeStamp(), 1000L);
    }

    @Override
    public int nanoOfSecond(ILoggingEvent event) {
        Instant instant = event.getInstant();
        return instant != null ? instant.getNano() : (int) Math.floorMod(event.getTimeStamp(), 1000L) * 1_000_000;
    }

    @Override
    public String formattedMessage(ILoggingEvent event) {
        return event.getFormattedMessage();
    }

    @Override
    public Throwable throwable(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        // A deserialised event carries only a proxy; the live Throwable is there for events logged in this JVM.
        return proxy instanceof ThrowableProxy p ? p.getThrowable() : null;
    }

    @Override
    public String contextValue(ILoggingEvent event, String key) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        return mdc == null ? null : mdc.get(key);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only for events whose key-values are all fixed (strings or boxed scalars) and without a throwable (its stack
     * trace is large), from Logback's own {@link LoggingEvent}. The form kept is a {@link LogbackLater}; it counts
     * itself, the formatted message, the key-value list with its pairs, keys and values, and the MDC map; an object the
     * thread's previous event held too (the same MDC map, message, key or string value) is counted once, by the first
     * event of the run (see {@link PerThread} and {@link #notBuffered}).
     */
    @Override
    public LaterForm<LogbackLater> later(ILoggingEvent event) {
        if (!(event instanceof LoggingEvent) || event.getThrowableProxy() != null) {
            return null; // another implementation (nothing known about its lifetime), or a throwable: mapped now
        }
        if (LogstashSupport.PRESENT && LogstashSupport.holdsFields(event)) {
            return null; // structured arguments and appending markers may hold mutable values
        }
        PerThread t = perThread.get();
        long bytes = LogbackLater.BYTES;
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        int n = pairs == null ? 0 : pairs.size();
        if (n > 0) {
            bytes += LIST + SizeEstimator.array(Math.max(10, n));
            for (int i = 0; i < n; i++) {
                KeyValuePair kv = pairs.get(i);
                if (kv == null) {
                    continue;
                }
                long size = sizeIfFixed(kv.value);
                if (size < 0) {
                    return null; // a container or any other object: snapshotted now, as it may change
                }
                boolean sameKey = i < SLOTS && kv.key == t.keys[i];
                boolean sameValue = i < SLOTS && kv.value instanceof String && kv.value == t.values[i];
                bytes += SizeEstimator.OBJECT
                        + 2 * SizeEstimator.REFERENCE
                        + (sameKey ? 0 : SizeEstimator.string(kv.key))
                        + (sameValue ? 0 : size);
            }
        }
        // Both are computed once and kept by the event: from here on they no longer depend on the calling thread.
        String message = event.getFormattedMessage();
        bytes += message == t.message ? 0 : SizeEstimator.string(message);
        Map<String, String> mdc = event.getMDCPropertyMap();
        boolean newMap = mdc != null && t.mdc.get() != mdc;
        bytes += newMap ? SizeEstimator.map(mdc) : 0;
        if (bytes > CallLogMapper.MAX_DEFERRED_BYTES) {
            return null; // mapped at once: nothing of the event is kept
        }
        if (newMap) {
            t.mdc = new WeakReference<>(mdc);
        }
        t.message = shared(message);
        for (int i = 0; i < n && i < SLOTS; i++) {
            KeyValuePair kv = pairs.get(i);
            t.keys[i] = kv == null ? null : shared(kv.key);
            t.values[i] = kv != null && kv.value instanceof String v ? shared(v) : null;
        }
        LogbackLater later =
                new LogbackLater(epochSecond(event), nanoOfSecond(event), message, mdc, n == 0 ? null : pairs);
        return new LaterForm<>(later, LogbackLater.Reader.INSTANCE, bytes);
    }

    /** {@code s} when short enough to be remembered per thread, else null (a long text is counted by every event). */
    private static String shared(String s) {
        return SizeEstimator.shareable(s);
    }

    /**
     * {@inheritDoc}
     *
     * <p>What the event counted is counted again by the thread's next event, so that every object the buffer holds is
     * counted by an event it holds, except, per thread, those shared with events already shipped.
     */
    @Override
    public void notBuffered(ILoggingEvent event) {
        perThread.get().forget();
    }

    /** The size a fixed value takes, or -1 when the value may change or is not a scalar. */
    private static long sizeIfFixed(Object v) {
        if (v instanceof String s) {
            return SizeEstimator.string(s);
        }
        return isImmutableScalar(v) ? SizeEstimator.value(v) : -1;
    }

    private static boolean isImmutableScalar(Object v) {
        if (v == null) {
            return true;
        }
        Class<?> c = v.getClass();
        return c == Long.class
                || c == Integer.class
                || c == Boolean.class
                || c == Double.class
                || c == Float.class
                || c == Short.class
                || c == Byte.class
                || c == Character.class;
    }

    @Override
    public void visitKeyValues(ILoggingEvent event, KeyValueVisitor visitor) {
        visitPairs(event.getKeyValuePairs(), visitor);
        if (LogstashSupport.PRESENT) {
            LogstashSupport.visit(event, visitor);
        }
    }

    static void visitPairs(List<KeyValuePair> pairs, KeyValueVisitor visitor) {
        if (pairs != null) {
            for (int i = 0, n = pairs.size(); i < n; i++) {
                KeyValuePair kv = pairs.get(i);
                if (kv != null && kv.key != null) {
                    visitor.visit(kv.key, kv.value);
                }
            }
        }
    }

    private static final WeakReference<Map<String, String>> NO_MAP = new WeakReference<>(null);

    /** Key-value positions whose key and string value are remembered per thread. */
    static final int SLOTS = SizeEstimator.SHARED_SLOTS;
    /** Longest text remembered per thread (so that what the memory holds per thread stays small). */
    static final int MAX_SHARED_CHARS = SizeEstimator.MAX_SHARED_CHARS;

    /**
     * What a thread's last event left for later counted, to count each object once for the consecutive events that
     * share it (Logback hands them one MDC map until it changes; literals and constants are the same string objects):
     * its MDC map (weakly: this must not keep it alive), message, and the first {@value #SLOTS} keys and string values
     * (short ones only). An object shared with events already shipped is not counted by the others that still hold it:
     * per thread and position, at most one object, at most {@value #MAX_SHARED_CHARS} characters (or the MDC map).
     */
    private static final class PerThread {
        WeakReference<Map<String, String>> mdc = NO_MAP;
        String message;
        final String[] keys = new String[SLOTS];
        final String[] values = new String[SLOTS];

        void forget() {
            mdc = NO_MAP;
            message = null;
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(values, null);
        }
    }
}
