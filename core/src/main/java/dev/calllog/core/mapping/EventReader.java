package dev.calllog.core.mapping;

import java.util.function.Function;

/**
 * Reads a framework's logging event ({@code E}) for the core, the way {@link SourceEvent} does, but without a wrapper
 * object: a framework adapter keeps one reader and hands the core its own event with it, so that mapping an event
 * allocates nothing beyond the record it produces. The core takes every decision about the document; a reader only
 * reads.
 *
 * <p>Implementations are stateless (or hold only settings) and thread-safe: one instance serves every logging thread.
 * Called only on the logging (caller's) thread, during the framework's append, by
 * {@link CallLogMapper#map(Object, EventReader)}.
 *
 * @param <E> the framework's event type
 */
public interface EventReader<E> {

    /** The framework level, translated. */
    SourceLevel level(E event);

    /**
     * Applies {@code lookup} to the names of the markers attached to the event, including markers they reference,
     * depth first, and returns its first non-null result, or {@code null}.
     */
    <T> T findMarker(E event, Function<String, T> lookup);

    /** Seconds since the epoch of the event's timestamp. */
    long epochSecond(E event);

    /** Nanoseconds within {@link #epochSecond(Object)}: as much precision as the framework gives. */
    int nanoOfSecond(E event);

    /** The formatted message (placeholders substituted), or {@code null}. */
    String formattedMessage(E event);

    /** The event's throwable, or {@code null}. */
    Throwable throwable(E event);

    /** A value of the thread's context map (Logback MDC, Log4j ThreadContext), or {@code null}. */
    String contextValue(E event, String key);

    /**
     * Visits the event's own key-values: SLF4J 2 key-value pairs, Log4j {@code MapMessage} entries, structured
     * arguments. Never the unrelated context-map entries.
     */
    void visitKeyValues(E event, SourceEvent.KeyValueVisitor visitor);

    /**
     * Whether the rest of the event can be read on the shipping thread, after the append returned: called on the
     * logging thread, once the event is known to be shipped. When every part this reader gives is fixed from now on
     * (the framework does not reuse the event; the context map and the formatted message are captured, which the
     * reader may do here; every key-value is an immutable value: a string, a boxed number or boolean), it returns the
     * heap the event keeps alive from now on, counted with {@link SizeEstimator}: the event object and everything it
     * holds (message, message pattern, context map, key-values, arguments, and what the framework may still attach to
     * it later). That is what the buffer is bounded by, so it must not undercount. When it is small, the core leaves the
     * rest of the mapping to the shipping thread, which takes that work off the caller's thread; else, or when the
     * reader returns -1, the event is mapped at once. The default: -1.
     */
    default long readableLater(E event) {
        return -1;
    }
}
