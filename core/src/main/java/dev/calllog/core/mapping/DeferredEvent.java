package dev.calllog.core.mapping;

import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;

/**
 * A call-log event accepted on the logging thread (its catalogue event, level and call id decided there) whose document
 * is mapped on the shipping thread by {@link CallLogMapper#complete(DeferredEvent)}: the framework event itself, which
 * its reader declared fixed ({@link EventReader#readableLater}). What the logging thread hands to the buffer instead of
 * a {@link CallLogRecord}.
 *
 * @param <E> the framework's event type
 */
public final class DeferredEvent<E> {
    final E event;
    final EventReader<E> reader;
    final EventDefinition definition;
    final Level level;
    final String callId;
    /** The span current on the logging thread, or {@code null}: it cannot be read later, on another thread. */
    final TraceContext trace;

    private final int estimatedBytes;

    DeferredEvent(
            E event,
            EventReader<E> reader,
            EventDefinition definition,
            Level level,
            String callId,
            TraceContext trace,
            long estimate) {
        this.event = event;
        this.reader = reader;
        this.definition = definition;
        this.level = level;
        this.callId = callId;
        this.trace = trace;
        this.estimatedBytes = (int) Math.min(Integer.MAX_VALUE, estimate);
    }

    /**
     * A rough size of the event's {@code _bulk} lines in bytes, for bounding the memory buffered events take, fixed
     * when the event was accepted.
     */
    public int estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public String toString() {
        return "DeferredEvent[" + definition.code() + ' ' + level + ']';
    }
}
