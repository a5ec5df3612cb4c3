package dev.calllog.core.internal.mapping;

/**
 * The neutral view of one logging event, as an object: the simple way to hand an event to the core (tests, tools). The
 * framework adapters use an {@link EventReader} over their own event instead, which needs no wrapper object per event;
 * {@link #of(Object, EventReader)} turns one into the other. Every decision about the document is taken by the core.
 *
 * <p>Called only on the logging (caller's) thread, once per event, by {@link CallLogMapper#map(SourceEvent)}.
 */
public interface SourceEvent {

    /** Reads {@link SourceEvent}s, for {@link CallLogMapper#map(Object, EventReader)}. */
    EventReader<SourceEvent> READER = new SourceEventReader();

    /** A view of {@code event} as read by {@code reader}. */
    static <E> SourceEvent of(E event, EventReader<E> reader) {
        return new BoundSourceEvent<>(event, reader);
    }

    /** The framework level, translated. */
    SourceLevel level();

    /**
     * Visits the names of the markers attached to the event, including markers they reference, depth first, until
     * the visitor returns {@code false}.
     */
    void visitMarkerNames(MarkerVisitor visitor);

    /** Seconds since the epoch of the event's timestamp. */
    long epochSecond();

    /** Nanoseconds within {@link #epochSecond()}: as much precision as the framework gives. */
    int nanoOfSecond();

    /** The formatted message (placeholders substituted), or {@code null}. */
    String formattedMessage();

    /** The event's throwable, or {@code null}. */
    Throwable throwable();

    /** A value of the thread's context map (Logback MDC, Log4j ThreadContext), or {@code null}. */
    String contextValue(String key);

    /**
     * Visits the event's own key-values: SLF4J 2 key-value pairs, Log4j {@code MapMessage} entries, structured
     * arguments. Never the unrelated context-map entries.
     */
    void visitKeyValues(KeyValueVisitor visitor);

    /** Receives marker names. */
    @FunctionalInterface
    interface MarkerVisitor {
        /** @return {@code false} to stop visiting */
        boolean visit(String markerName);
    }

    /** Receives key-values. */
    @FunctionalInterface
    interface KeyValueVisitor {
        void visit(String key, Object value);
    }
}
