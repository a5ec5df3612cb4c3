package dev.calllog.core.internal.mapping;

import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;

/**
 * A call-log event accepted on the logging thread (its catalogue event, level, call id and sequence number decided
 * there) whose document is mapped on the shipping thread by {@link CallLogMapper#complete(DeferredEvent)}: the
 * fixed form of the framework event its reader gave ({@link EventReader#later}). What the logging thread
 * hands to the buffer instead of a {@link CallLogRecord}.
 *
 * @param <E> the framework's event type
 */
public final class DeferredEvent<E> implements CapturedEvent {
    final E event;
    final EventReader<E> reader;
    final EventDefinition definition;
    final Level level;
    final String callId;
    /** The span current on the logging thread, or {@code null}: it cannot be read later, on another thread. */
    final TraceContext trace;
    /** Taken when the event was logged, so that {@code seq} orders it among the events mapped at once. */
    final long seq;

    private final int estimatedBytes;

    DeferredEvent(
            E event,
            EventReader<E> reader,
            EventDefinition definition,
            Level level,
            String callId,
            TraceContext trace,
            long seq,
            long estimate) {
        this.event = event;
        this.reader = reader;
        this.definition = definition;
        this.level = level;
        this.callId = callId;
        this.trace = trace;
        this.seq = seq;
        this.estimatedBytes = (int) Math.min(Integer.MAX_VALUE, estimate);
    }

    /**
     * The heap this event keeps alive while buffered, as {@link SizeEstimator} counts it: this object and everything
     * the framework event holds (its message, context map, key-values and arguments), as its reader counted them.
     */
    @Override
    public int estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public String toString() {
        return "DeferredEvent[" + definition.code() + ' ' + level + ']';
    }
}
