package dev.calllog.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.calllog.core.mapping.SourceEvent;
import dev.calllog.core.mapping.SourceLevel;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/** Logback's {@link ILoggingEvent} seen through the core's neutral {@link SourceEvent}. */
final class LogbackSourceEvent implements SourceEvent {
    /** Marker references deeper than this are not followed (protects against cyclic marker graphs). */
    private static final int MAX_MARKER_DEPTH = 8;

    private final ILoggingEvent event;
    private final Instant instant;

    LogbackSourceEvent(ILoggingEvent event) {
        this.event = event;
        this.instant = event.getInstant();
    }

    @Override
    public SourceLevel level() {
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
    public void visitMarkerNames(MarkerVisitor visitor) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return;
        }
        for (Marker m : markers) {
            if (!visit(m, visitor, 0)) {
                return;
            }
        }
    }

    private static boolean visit(Marker marker, MarkerVisitor visitor, int depth) {
        if (marker == null) {
            return true;
        }
        if (!visitor.visit(marker.getName())) {
            return false;
        }
        if (depth < MAX_MARKER_DEPTH && marker.hasReferences()) {
            for (Iterator<Marker> it = marker.iterator(); it.hasNext(); ) {
                if (!visit(it.next(), visitor, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public long epochSecond() {
        return instant != null ? instant.getEpochSecond() : Math.floorDiv(event.getTimeStamp(), 1000L);
    }

    @Override
    public int nanoOfSecond() {
        return instant != null ? instant.getNano() : (int) Math.floorMod(event.getTimeStamp(), 1000L) * 1_000_000;
    }

    @Override
    public String formattedMessage() {
        return event.getFormattedMessage();
    }

    @Override
    public Throwable throwable() {
        IThrowableProxy proxy = event.getThrowableProxy();
        // A deserialised event carries only a proxy; the live Throwable is there for events logged in this JVM.
        return proxy instanceof ThrowableProxy p ? p.getThrowable() : null;
    }

    @Override
    public String contextValue(String key) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        return mdc == null ? null : mdc.get(key);
    }

    @Override
    public void visitKeyValues(KeyValueVisitor visitor) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair kv : pairs) {
                if (kv != null && kv.key != null) {
                    visitor.visit(kv.key, kv.value);
                }
            }
        }
        if (LogstashSupport.PRESENT) {
            LogstashSupport.visit(event, visitor);
        }
    }
}
