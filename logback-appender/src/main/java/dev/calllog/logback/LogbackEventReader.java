package dev.calllog.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.calllog.core.mapping.CallLogMapper;
import dev.calllog.core.mapping.EventReader;
import dev.calllog.core.mapping.SizeEstimator;
import dev.calllog.core.mapping.SourceEvent.KeyValueVisitor;
import dev.calllog.core.mapping.SourceLevel;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Reads Logback's {@link ILoggingEvent} for the core. Stateless: one instance serves every thread, and reading an event
 * allocates nothing.
 *
 * <p>Logback never reuses its events, so an event whose key-values are all immutable values can be read after the
 * append returned, on the shipping thread, once its formatted message and its MDC are captured ({@link #readableLater}):
 * that is what Logback's own {@code AsyncAppender} relies on, and it takes most of the mapping off the caller's thread.
 */
final class LogbackEventReader implements EventReader<ILoggingEvent> {
    static final LogbackEventReader INSTANCE = new LogbackEventReader();

    /** A {@link LoggingEvent} object, with its {@link Instant}. */
    private static final long EVENT = 112 + 24;
    /** An {@code ArrayList} object, without its array. */
    private static final long LIST = 24;
    /**
     * Room for the caller data Logback computes on an event when an appender or layout asks for it (Logback's default
     * depth, 8 frames), which may happen after this appender buffered the event: counted once caller data has been
     * seen on an event ({@link #callerDataSeen}).
     */
    static final long CALLER_DATA = SizeEstimator.array(8) + 8 * 96;

    /**
     * Whether some appender or layout computes caller data ({@code %caller}, {@code %line}...), seen on an event when it
     * came here or, later, on the previous event of the same thread: from then on every event counts {@link
     * #CALLER_DATA}. Until then at most one event per logging thread (its last) may have gained caller data unseen.
     */
    private static volatile boolean callerDataSeen;

    /** Forgets that caller data was seen (tests). */
    static void forgetCallerData() {
        callerDataSeen = false;
    }

    /** Per logging thread: the last MDC map counted and its size, and the last event deferred. */
    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    /** Marker references deeper than this are not followed (protects against cyclic marker graphs). */
    private static final int MAX_MARKER_DEPTH = 8;

    private LogbackEventReader() {}

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
     * <p>Only for events whose every part is fixed: key-values and message arguments that are strings or boxed scalars,
     * no throwable (its stack trace is large). The returned size is the event's whole footprint: the event object, its
     * timestamp, thread name, message and message pattern, arguments, marker list, key-values, its MDC map (counted in
     * full for every event, since an event may be the last to hold it), and room for the caller data another appender
     * may still compute on it, once caller data is in use ({@link #CALLER_DATA}).
     */
    @Override
    public long readableLater(ILoggingEvent event) {
        if (!(event instanceof LoggingEvent) || event.getThrowableProxy() != null) {
            return -1; // another implementation (nothing known about its lifetime), or a throwable: mapped now
        }
        if (LogstashSupport.PRESENT && LogstashSupport.holdsFields(event)) {
            return -1; // structured arguments and appending markers may hold mutable values
        }
        long bytes = EVENT;
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            bytes += LIST + SizeEstimator.array(Math.max(10, pairs.size()));
            for (int i = 0, n = pairs.size(); i < n; i++) {
                KeyValuePair kv = pairs.get(i);
                if (kv == null) {
                    continue;
                }
                long size = sizeIfFixed(kv.value);
                if (size < 0) {
                    return -1; // a container or any other object: snapshotted now, as it may change
                }
                bytes += SizeEstimator.OBJECT + 2 * SizeEstimator.REFERENCE + SizeEstimator.string(kv.key) + size;
            }
        }
        Object[] args = event.getArgumentArray();
        if (args != null) {
            // The event keeps its arguments: they must be fixed too.
            bytes += SizeEstimator.array(args.length);
            for (Object arg : args) {
                long size = sizeIfFixed(arg);
                if (size < 0) {
                    return -1;
                }
                bytes += size;
            }
        }
        List<Marker> markers = event.getMarkerList();
        if (markers != null) {
            bytes += LIST + SizeEstimator.array(Math.max(10, markers.size())); // the markers themselves are shared
        }
        // Both are computed once and kept by the event: from here on they no longer depend on the calling thread.
        String formatted = event.getFormattedMessage();
        String pattern = event.getMessage();
        bytes += SizeEstimator.string(formatted) + (pattern == formatted ? 0 : SizeEstimator.string(pattern));
        bytes += SizeEstimator.string(event.getThreadName());
        PerThread t = PER_THREAD.get();
        bytes += mdcBytes(t, event.getMDCPropertyMap());
        if (event.hasCallerData()) {
            callerDataSeen = true;
            StackTraceElement[] callerData = event.getCallerData();
            bytes += SizeEstimator.array(callerData.length) + 96L * callerData.length;
        } else {
            LoggingEvent previous = t.lastEvent;
            if (previous != null && previous.hasCallerData()) {
                callerDataSeen = true; // computed after this appender had buffered it
            }
            bytes += callerDataSeen ? CALLER_DATA : 0;
        }
        // Only an event small enough to be left for later is remembered: a large one is mapped at once and let go.
        t.lastEvent = bytes <= CallLogMapper.MAX_DEFERRED_BYTES ? (LoggingEvent) event : null;
        return bytes;
    }

    /**
     * The MDC map's footprint. Logback hands every event logged between two changes of a thread's MDC the same
     * read-only map, so the last one counted on this thread is remembered and counted again without reading it.
     */
    private static long mdcBytes(PerThread t, Map<String, String> mdc) {
        if (mdc == null) {
            return 0;
        }
        if (t.mdc.get() != mdc) {
            t.mdc = new WeakReference<>(mdc);
            t.mdcBytes = SizeEstimator.map(mdc);
        }
        return t.mdcBytes;
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
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (int i = 0, n = pairs.size(); i < n; i++) {
                KeyValuePair kv = pairs.get(i);
                if (kv != null && kv.key != null) {
                    visitor.visit(kv.key, kv.value);
                }
            }
        }
        if (LogstashSupport.PRESENT) {
            LogstashSupport.visit(event, visitor);
        }
    }

    /**
     * A thread's last MDC map (weakly: the cache must not keep it alive) and its footprint; and its last event left
     * for later, to see whether caller data was computed on it afterwards (kept until the thread's next event).
     */
    private static final class PerThread {
        WeakReference<Map<String, String>> mdc = new WeakReference<>(null);
        long mdcBytes;
        LoggingEvent lastEvent;
    }
}
